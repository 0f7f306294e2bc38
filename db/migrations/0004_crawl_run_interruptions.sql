ALTER TABLE `crawl_runs` ADD `feeds_leased` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `crawl_runs` ADD `interrupted_at` integer;