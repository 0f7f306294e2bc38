CREATE TABLE `article_scores` (
	`article_id` integer PRIMARY KEY NOT NULL,
	`sector_slug` text NOT NULL,
	`score` real NOT NULL,
	`explanation` text NOT NULL,
	`story_id` integer NOT NULL,
	`simhash` text,
	`computed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `scores_sector_score` ON `article_scores` (`sector_slug`,`score`);--> statement-breakpoint
CREATE INDEX `scores_story` ON `article_scores` (`story_id`);--> statement-breakpoint
CREATE TABLE `decisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`article_id` integer NOT NULL,
	`sector_slug` text NOT NULL,
	`action` text NOT NULL,
	`snooze_until` integer,
	`actor` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `decisions_sector` ON `decisions` (`sector_slug`,`created_at`);--> statement-breakpoint
CREATE INDEX `decisions_article` ON `decisions` (`article_id`);--> statement-breakpoint
CREATE TABLE `sector_models` (
	`sector_slug` text PRIMARY KEY NOT NULL,
	`model` text NOT NULL,
	`decisions_seen` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `shortlists` (
	`sector_slug` text NOT NULL,
	`day` text NOT NULL,
	`items` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`sector_slug`, `day`)
);
--> statement-breakpoint
ALTER TABLE `articles` ADD `snooze_until` integer;