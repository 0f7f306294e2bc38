CREATE TABLE `feed_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sector_slug` text NOT NULL,
	`feed_id` integer NOT NULL,
	`kind` text NOT NULL,
	`detail` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `feed_events_feed` ON `feed_events` (`feed_id`,`at`);--> statement-breakpoint
CREATE TABLE `person_alias_pins` (
	`sector_slug` text NOT NULL,
	`feed_id` integer NOT NULL,
	`norm_name` text NOT NULL,
	`person_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`sector_slug`, `feed_id`, `norm_name`)
);
--> statement-breakpoint
CREATE INDEX `person_alias_pins_person` ON `person_alias_pins` (`person_id`);--> statement-breakpoint
CREATE TABLE `source_suggestions` (
	`sector_slug` text NOT NULL,
	`host` text NOT NULL,
	`site_url` text NOT NULL,
	`feed_url` text,
	`title` text,
	`citations` integer DEFAULT 0 NOT NULL,
	`citing_sources` integer DEFAULT 0 NOT NULL,
	`affinity` real,
	`status` text DEFAULT 'new' NOT NULL,
	`checked_at` integer,
	`error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`sector_slug`, `host`)
);
--> statement-breakpoint
CREATE INDEX `source_suggestions_rank` ON `source_suggestions` (`sector_slug`,`status`,`citing_sources`);--> statement-breakpoint
ALTER TABLE `crawl_runs` ADD `pages_queued` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `crawl_runs` ADD `pages_extracted` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `crawl_runs` ADD `pages_failed` integer DEFAULT 0 NOT NULL;