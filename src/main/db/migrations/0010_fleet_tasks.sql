CREATE TABLE `task_boards` (
	`project_id` text PRIMARY KEY NOT NULL,
	`settings` text NOT NULL,
	`paused` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `task_dependencies` (
	`task_id` text NOT NULL,
	`depends_on` text NOT NULL,
	PRIMARY KEY(`task_id`, `depends_on`),
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`depends_on`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `task_dependencies_depends_on` ON `task_dependencies` (`depends_on`);--> statement-breakpoint
CREATE TABLE `task_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`task_id` text NOT NULL,
	`seq` integer NOT NULL,
	`at` integer NOT NULL,
	`type` text NOT NULL,
	`from_state` text,
	`to_state` text,
	`data` text NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `task_events_task_seq` ON `task_events` (`task_id`,`seq`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` text PRIMARY KEY NOT NULL,
	`project_id` text NOT NULL,
	`title` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`priority` integer DEFAULT 3 NOT NULL,
	`labels` text DEFAULT '[]' NOT NULL,
	`assignee` text,
	`base_branch` text NOT NULL,
	`state` text DEFAULT 'backlog' NOT NULL,
	`interrupted` integer DEFAULT false NOT NULL,
	`branch` text,
	`stacked_on` text,
	`run_id` text,
	`owner_pid` integer,
	`check_attempts` integer DEFAULT 0 NOT NULL,
	`failure` text,
	`cost_usd` real DEFAULT 0,
	`last_seq` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `tasks_project_state` ON `tasks` (`project_id`,`state`);--> statement-breakpoint
CREATE INDEX `tasks_project_order` ON `tasks` (`project_id`,`priority`,`created_at`);