CREATE TABLE `article_deletions` (
	`article_id` integer PRIMARY KEY NOT NULL,
	`deleted_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `article_deletions_deleted_at` ON `article_deletions` (`deleted_at`);