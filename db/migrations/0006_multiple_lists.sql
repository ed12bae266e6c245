CREATE TABLE `unit_group_members` (
	`group_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	PRIMARY KEY(`group_id`, `unit_id`),
	FOREIGN KEY (`group_id`) REFERENCES `unit_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `unit_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`phrases` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `unit_groups_name_unique` ON `unit_groups` (`name`);--> statement-breakpoint
ALTER TABLE `plans` ADD `short_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `plans` ADD `kind` text DEFAULT 'key_tasks' NOT NULL;--> statement-breakpoint
ALTER TABLE `plans` ADD `status` text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE `plans` ADD `cadence` text DEFAULT 'monthly' NOT NULL;--> statement-breakpoint
ALTER TABLE `plans` ADD `weight` real DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `tasks` ADD `leaders` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `tasks` ADD `deadline` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `deadline_text` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `heading_path` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `tasks` ADD `group_note` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `tasks` ADD `source` text;--> statement-breakpoint
ALTER TABLE `users` ADD `list_filter_plan_id` integer REFERENCES plans(id) ON DELETE set null;--> statement-breakpoint
-- Until now one plan was "current" (the newest year, then the latest import) and the others were history.
UPDATE `plans` SET `status` = 'archived' WHERE `id` <> (SELECT `id` FROM `plans` ORDER BY `year` DESC, `id` DESC LIMIT 1);--> statement-breakpoint
UPDATE `plans` SET `short_name` = '重点任务' WHERE `short_name` = '';
--> statement-breakpoint
-- Task links used to carry the task's number in the current plan; they now carry its id.
UPDATE `notifications` SET `link` = '/tasks/' || (SELECT t.`id` FROM `tasks` t WHERE t.`plan_id` = (SELECT `id` FROM `plans` WHERE `status` = 'active' ORDER BY `year` DESC, `id` DESC LIMIT 1) AND t.`no` = CAST(substr(`link`, 8) AS INTEGER))
  || substr(`link`, 8 + length(CAST(CAST(substr(`link`, 8) AS INTEGER) AS TEXT)))
WHERE `link` GLOB '/tasks/[0-9]*' AND EXISTS (SELECT 1 FROM `tasks` t WHERE t.`plan_id` = (SELECT `id` FROM `plans` WHERE `status` = 'active' ORDER BY `year` DESC, `id` DESC LIMIT 1) AND t.`no` = CAST(substr(`link`, 8) AS INTEGER));--> statement-breakpoint
UPDATE `notifications` SET `link` = '/my/tasks/' || (SELECT t.`id` FROM `tasks` t WHERE t.`plan_id` = (SELECT `id` FROM `plans` WHERE `status` = 'active' ORDER BY `year` DESC, `id` DESC LIMIT 1) AND t.`no` = CAST(substr(`link`, 11) AS INTEGER))
  || substr(`link`, 11 + length(CAST(CAST(substr(`link`, 11) AS INTEGER) AS TEXT)))
WHERE `link` GLOB '/my/tasks/[0-9]*' AND EXISTS (SELECT 1 FROM `tasks` t WHERE t.`plan_id` = (SELECT `id` FROM `plans` WHERE `status` = 'active' ORDER BY `year` DESC, `id` DESC LIMIT 1) AND t.`no` = CAST(substr(`link`, 11) AS INTEGER));
