CREATE TABLE `agent_audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`project_id` text NOT NULL,
	`run_id` text,
	`tool` text NOT NULL,
	`subject` text NOT NULL,
	`decision` text NOT NULL,
	`decided_by` text NOT NULL,
	`reason` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `agent_audit_project` ON `agent_audit` (`project_id`,`at`);--> statement-breakpoint
CREATE TABLE `agent_checkpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`run_id` text NOT NULL,
	`step` integer NOT NULL,
	`commit_hash` text NOT NULL,
	`message` text NOT NULL,
	`files` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `agent_checkpoints_run` ON `agent_checkpoints` (`run_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `agent_entries` (
	`run_id` text NOT NULL,
	`seq` integer NOT NULL,
	`kind` text NOT NULL,
	`data` text NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`run_id`, `seq`)
);
--> statement-breakpoint
CREATE TABLE `agent_messages` (
	`run_id` text NOT NULL,
	`idx` integer NOT NULL,
	`message` text NOT NULL,
	PRIMARY KEY(`run_id`, `idx`)
);
--> statement-breakpoint
CREATE TABLE `agent_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text,
	`tool` text NOT NULL,
	`command` text,
	`action` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `agent_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`task` text NOT NULL,
	`provider_id` text NOT NULL,
	`model` text NOT NULL,
	`status` text NOT NULL,
	`error_code` text,
	`error_message` text,
	`branch` text NOT NULL,
	`base_branch` text,
	`base_commit` text NOT NULL,
	`worktree` text,
	`review` text DEFAULT 'open' NOT NULL,
	`steps` integer DEFAULT 0 NOT NULL,
	`max_steps` integer NOT NULL,
	`input_tokens` integer DEFAULT 0 NOT NULL,
	`output_tokens` integer DEFAULT 0 NOT NULL,
	`cost_usd` real,
	`budget_usd` real,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `agent_runs_project` ON `agent_runs` (`project_id`,`created_at`);