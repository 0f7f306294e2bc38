CREATE TABLE `story_decisions` (
	`article_id` integer PRIMARY KEY NOT NULL,
	`sector_slug` text NOT NULL,
	`story_id` integer NOT NULL,
	`published_at` integer NOT NULL,
	`hidden_until` integer
);
--> statement-breakpoint
CREATE INDEX `story_decisions_story` ON `story_decisions` (`sector_slug`,`story_id`,`published_at`);--> statement-breakpoint
ALTER TABLE `article_scores` ADD `published_at` integer;--> statement-breakpoint
UPDATE `article_scores` SET `published_at` = (SELECT a.`published_at` FROM `articles` a WHERE a.`id` = `article_scores`.`article_id`);--> statement-breakpoint
CREATE INDEX `scores_queue_rank` ON `article_scores` (`sector_slug`,`score`,`article_id`,`story_id`,`published_at`);--> statement-breakpoint
CREATE INDEX `scores_sector_window` ON `article_scores` (`sector_slug`,`published_at`,`story_id`);--> statement-breakpoint
INSERT INTO `story_decisions` (`article_id`, `sector_slug`, `story_id`, `published_at`, `hidden_until`)
SELECT a.`id`, a.`sector_slug`, coalesce(s.`story_id`, a.`id`), a.`published_at`, CASE WHEN a.`status` = 'snoozed' THEN coalesce(a.`snooze_until`, 0) ELSE NULL END
FROM `articles` a LEFT JOIN `article_scores` s ON s.`article_id` = a.`id`
WHERE a.`id` IN (SELECT `article_id` FROM `decisions`) AND a.`status` IN ('approved', 'rejected', 'reshared', 'snoozed');
