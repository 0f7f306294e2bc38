CREATE TABLE `channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sector_slug` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`settings` text NOT NULL,
	`secret` text,
	`account` text,
	`enabled` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channels_sector_name` ON `channels` (`sector_slug`,`name`);--> statement-breakpoint
CREATE TABLE `reshares` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` integer NOT NULL,
	`sector_slug` text NOT NULL,
	`channel_id` integer NOT NULL,
	`text` text NOT NULL,
	`state` text NOT NULL,
	`scheduled_at` integer NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`lease_owner` text,
	`lease_until` integer,
	`idempotency_key` text NOT NULL,
	`remote_id` text,
	`remote_url` text,
	`error` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `reshares_due` ON `reshares` (`state`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `reshares_article` ON `reshares` (`article_id`);--> statement-breakpoint
CREATE INDEX `reshares_calendar` ON `reshares` (`sector_slug`,`scheduled_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `reshares_idempotency` ON `reshares` (`idempotency_key`);--> statement-breakpoint
ALTER TABLE `sectors` ADD `public` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `sectors` ADD `timezone` text DEFAULT 'Europe/Paris' NOT NULL;--> statement-breakpoint
ALTER TABLE `sectors` ADD `hashtags` text DEFAULT '[]' NOT NULL;