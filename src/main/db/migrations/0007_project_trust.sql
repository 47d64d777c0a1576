ALTER TABLE `projects` ADD `trust` text;--> statement-breakpoint
ALTER TABLE `projects` ADD `allowed_hosts` text DEFAULT '[]' NOT NULL;