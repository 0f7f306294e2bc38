CREATE TABLE `story_splits` (
	`sector_slug` text NOT NULL,
	`article_id` integer NOT NULL,
	`apart_from_id` integer NOT NULL,
	`separated_id` integer NOT NULL,
	`actor` text,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`article_id`, `apart_from_id`)
);
--> statement-breakpoint
CREATE INDEX `story_splits_sector` ON `story_splits` (`sector_slug`,`created_at`);