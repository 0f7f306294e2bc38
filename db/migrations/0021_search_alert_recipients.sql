CREATE TABLE `search_alerts` (
	`search_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`alerted_until` integer NOT NULL,
	PRIMARY KEY(`search_id`, `user_id`)
);
--> statement-breakpoint
CREATE INDEX `search_alerts_user` ON `search_alerts` (`user_id`);--> statement-breakpoint
INSERT INTO `search_alerts` (`search_id`, `user_id`, `alerted_until`) SELECT f.`id`, u.`id`, f.`alerted_until` FROM `followed_searches` f JOIN `users` u ON u.`email` = f.`alert_to` WHERE f.`alerted_until` IS NOT NULL;--> statement-breakpoint
ALTER TABLE `followed_searches` DROP COLUMN `alert_to`;--> statement-breakpoint
ALTER TABLE `followed_searches` DROP COLUMN `alerted_until`;