CREATE TABLE `model_providers` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`flavor` text,
	`name` text NOT NULL,
	`base_url` text,
	`key_ciphertext` text,
	`key_hint` text,
	`tool_mode` text DEFAULT 'auto' NOT NULL,
	`model_info` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `model_response_cache` (
	`key` text PRIMARY KEY NOT NULL,
	`provider_id` text NOT NULL,
	`model` text NOT NULL,
	`result` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `model_usage` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`provider_id` text NOT NULL,
	`provider_kind` text NOT NULL,
	`model` text NOT NULL,
	`purpose` text,
	`project_id` text,
	`run_id` text,
	`workflow_id` text,
	`node_id` text,
	`input_tokens` integer NOT NULL,
	`output_tokens` integer NOT NULL,
	`cache_read_tokens` integer NOT NULL,
	`cache_write_tokens` integer NOT NULL,
	`latency_ms` integer NOT NULL,
	`cost_usd` real,
	`cached` integer DEFAULT false NOT NULL,
	`outcome` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `model_usage_at` ON `model_usage` (`at`);--> statement-breakpoint
CREATE INDEX `model_usage_run` ON `model_usage` (`run_id`);--> statement-breakpoint
CREATE INDEX `model_usage_workflow` ON `model_usage` (`workflow_id`);--> statement-breakpoint
CREATE TABLE `prompt_templates` (
	`name` text PRIMARY KEY NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`body` text NOT NULL,
	`updated_at` integer NOT NULL
);
