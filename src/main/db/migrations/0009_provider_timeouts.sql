ALTER TABLE `model_providers` ADD `first_token_timeout_sec` integer;--> statement-breakpoint
ALTER TABLE `model_providers` ADD `idle_timeout_sec` integer;