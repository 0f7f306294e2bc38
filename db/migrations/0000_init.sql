CREATE TABLE `articles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sector_slug` text NOT NULL,
	`feed_id` integer NOT NULL,
	`guid` text NOT NULL,
	`url` text NOT NULL,
	`canonical_url` text NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`author` text,
	`published_at` integer NOT NULL,
	`published_from_feed` integer DEFAULT true NOT NULL,
	`first_seen_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`site_name` text,
	`image` text,
	`lang` text,
	`excerpt` text,
	`word_count` integer DEFAULT 0 NOT NULL,
	`reading_minutes` integer DEFAULT 0 NOT NULL,
	`html` text,
	`text` text,
	`feed_summary` text,
	`feed_html` text,
	`feed_content_hash` text,
	`extract_state` text DEFAULT 'pending' NOT NULL,
	`extract_error` text,
	`extract_attempts` integer DEFAULT 0 NOT NULL,
	`status` text DEFAULT 'new' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `articles_feed_guid` ON `articles` (`feed_id`,`guid`);--> statement-breakpoint
CREATE UNIQUE INDEX `articles_sector_canonical` ON `articles` (`sector_slug`,`canonical_url`);--> statement-breakpoint
CREATE INDEX `articles_sector_published` ON `articles` (`sector_slug`,`published_at`);--> statement-breakpoint
CREATE INDEX `articles_pending` ON `articles` (`extract_state`,`feed_id`);--> statement-breakpoint
CREATE TABLE `crawl_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner` text NOT NULL,
	`sector_slug` text,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`feeds_total` integer DEFAULT 0 NOT NULL,
	`feeds_done` integer DEFAULT 0 NOT NULL,
	`feeds_ok` integer DEFAULT 0 NOT NULL,
	`feeds_not_modified` integer DEFAULT 0 NOT NULL,
	`feeds_failed` integer DEFAULT 0 NOT NULL,
	`articles_new` integer DEFAULT 0 NOT NULL,
	`articles_updated` integer DEFAULT 0 NOT NULL,
	`errors` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `feeds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sector_slug` text NOT NULL,
	`declared_url` text NOT NULL,
	`url` text NOT NULL,
	`site_url` text,
	`title` text,
	`source_name` text NOT NULL,
	`kind` text DEFAULT 'blog' NOT NULL,
	`people` text,
	`origin` text DEFAULT 'yaml' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`disabled_reason` text,
	`etag` text,
	`last_modified` text,
	`last_fetched_at` integer,
	`last_success_at` integer,
	`last_status` integer,
	`last_error` text,
	`error_count` integer DEFAULT 0 NOT NULL,
	`check_interval_s` integer DEFAULT 3600 NOT NULL,
	`next_check_at` integer DEFAULT 0 NOT NULL,
	`lease_owner` text,
	`lease_until` integer,
	`articles_seen` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feeds_sector_declared_url` ON `feeds` (`sector_slug`,`declared_url`);--> statement-breakpoint
CREATE INDEX `feeds_due` ON `feeds` (`next_check_at`);--> statement-breakpoint
CREATE TABLE `sectors` (
	`slug` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`language` text NOT NULL,
	`profile` text NOT NULL,
	`source_file` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `tombstones` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sector_slug` text NOT NULL,
	`feed_id` integer,
	`guid` text,
	`canonical_url` text,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tombstones_feed_guid` ON `tombstones` (`feed_id`,`guid`);--> statement-breakpoint
CREATE INDEX `tombstones_sector_canonical` ON `tombstones` (`sector_slug`,`canonical_url`);