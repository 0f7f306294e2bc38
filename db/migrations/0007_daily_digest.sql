CREATE TABLE `digest_runs` (
	`sector_slug` text NOT NULL,
	`day` text NOT NULL,
	`state` text NOT NULL,
	`recipients` integer DEFAULT 0 NOT NULL,
	`error` text,
	`claimed_by` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	PRIMARY KEY(`sector_slug`, `day`)
);
--> statement-breakpoint
ALTER TABLE `sectors` ADD `digest` text;