CREATE TABLE `citations` (
	`article_id` integer NOT NULL,
	`sector_slug` text NOT NULL,
	`feed_id` integer NOT NULL,
	`target_host` text NOT NULL,
	`target_url` text NOT NULL,
	`published_at` integer NOT NULL,
	PRIMARY KEY(`article_id`, `target_url`)
);
--> statement-breakpoint
CREATE INDEX `citations_sector_host` ON `citations` (`sector_slug`,`target_host`);--> statement-breakpoint
CREATE TABLE `directory_runs` (
	`sector_slug` text PRIMARY KEY NOT NULL,
	`scanned_until` integer NOT NULL,
	`computed_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `directory_stats` (
	`sector_slug` text NOT NULL,
	`subject` text NOT NULL,
	`subject_id` integer NOT NULL,
	`articles` integer NOT NULL,
	`weekly` text NOT NULL,
	`cited_weekly` text NOT NULL,
	`last_published_at` integer,
	`affinity` real,
	`shortlist_share` real,
	`approve_rate` real,
	`citations` integer DEFAULT 0 NOT NULL,
	`citing_sources` integer DEFAULT 0 NOT NULL,
	`influence` real DEFAULT 0 NOT NULL,
	`rising` integer DEFAULT false NOT NULL,
	`computed_at` integer NOT NULL,
	PRIMARY KEY(`sector_slug`, `subject`, `subject_id`)
);
--> statement-breakpoint
CREATE TABLE `people` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sector_slug` text NOT NULL,
	`name` text NOT NULL,
	`norm_name` text NOT NULL,
	`curator_name` text,
	`note` text DEFAULT '' NOT NULL,
	`edited` integer DEFAULT false NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `people_sector_name` ON `people` (`sector_slug`,`norm_name`);--> statement-breakpoint
CREATE TABLE `person_sources` (
	`sector_slug` text NOT NULL,
	`feed_id` integer NOT NULL,
	`norm_name` text NOT NULL,
	`name` text NOT NULL,
	`person_id` integer NOT NULL,
	`articles` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`sector_slug`, `feed_id`, `norm_name`)
);
--> statement-breakpoint
CREATE INDEX `person_sources_person` ON `person_sources` (`person_id`);--> statement-breakpoint
CREATE TABLE `profiles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sector_slug` text NOT NULL,
	`subject` text NOT NULL,
	`subject_id` integer NOT NULL,
	`network` text NOT NULL,
	`handle` text NOT NULL,
	`url` text,
	`signal` text NOT NULL,
	`article_id` integer,
	`feed_id` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `profiles_subject_handle` ON `profiles` (`sector_slug`,`subject`,`subject_id`,`network`,`handle`);--> statement-breakpoint
ALTER TABLE `articles` ADD `profile_signals` text;