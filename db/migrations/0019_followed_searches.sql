CREATE TABLE `followed_searches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sector_slug` text NOT NULL,
	`query` text NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL,
	`seen_at` integer NOT NULL,
	`new_since` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `followed_searches_query` ON `followed_searches` (`sector_slug`,`query`);