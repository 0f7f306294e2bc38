ALTER TABLE `followed_searches` ADD `alert_to` text;--> statement-breakpoint
ALTER TABLE `followed_searches` ADD `alerted_until` integer;