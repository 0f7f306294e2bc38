DROP INDEX `articles_sector_updated`;--> statement-breakpoint
ALTER TABLE `articles` ADD `links_at` integer;--> statement-breakpoint
CREATE INDEX `articles_sector_updated_links` ON `articles` (`sector_slug`,`updated_at`,`extract_state`,`links_at`);