CREATE TABLE `district_settings` (
	`district_id` integer NOT NULL,
	`key` text NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`district_id`, `key`),
	FOREIGN KEY (`district_id`) REFERENCES `districts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `districts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`office_name` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `districts_code_unique` ON `districts` (`code`);--> statement-breakpoint
-- The district this database has served so far (every page named it 河东区): rename it with npm run district.
INSERT INTO `districts` (`id`, `code`, `name`, `office_name`) VALUES (1, '371312', '河东区', '河东区人民政府督查室');--> statement-breakpoint
DROP INDEX `plans_code_unique`;--> statement-breakpoint
ALTER TABLE `plans` ADD `district_id` integer DEFAULT 1 NOT NULL REFERENCES districts(id);--> statement-breakpoint
CREATE UNIQUE INDEX `plans_district_code` ON `plans` (`district_id`,`code`);--> statement-breakpoint
DROP INDEX `notices_year_seq`;--> statement-breakpoint
ALTER TABLE `supervision_notices` ADD `district_id` integer DEFAULT 1 NOT NULL REFERENCES districts(id);--> statement-breakpoint
CREATE UNIQUE INDEX `notices_district_year_seq` ON `supervision_notices` (`district_id`,`year`,`seq`);--> statement-breakpoint
DROP INDEX `unit_aliases_alias_unique`;--> statement-breakpoint
ALTER TABLE `unit_aliases` ADD `district_id` integer DEFAULT 1 NOT NULL REFERENCES districts(id);--> statement-breakpoint
CREATE UNIQUE INDEX `unit_aliases_district_alias` ON `unit_aliases` (`district_id`,`alias`);--> statement-breakpoint
DROP INDEX `unit_groups_name_unique`;--> statement-breakpoint
ALTER TABLE `unit_groups` ADD `district_id` integer DEFAULT 1 NOT NULL REFERENCES districts(id);--> statement-breakpoint
CREATE UNIQUE INDEX `unit_groups_district_name` ON `unit_groups` (`district_id`,`name`);--> statement-breakpoint
DROP INDEX `units_name_unique`;--> statement-breakpoint
ALTER TABLE `units` ADD `district_id` integer DEFAULT 1 NOT NULL REFERENCES districts(id);--> statement-breakpoint
CREATE UNIQUE INDEX `units_district_name` ON `units` (`district_id`,`name`);--> statement-breakpoint
ALTER TABLE `tasks` ADD `district_id` integer DEFAULT 1 NOT NULL REFERENCES districts(id);--> statement-breakpoint
CREATE INDEX `tasks_district` ON `tasks` (`district_id`);--> statement-breakpoint
ALTER TABLE `users` ADD `district_id` integer REFERENCES districts(id);--> statement-breakpoint
-- Every account so far worked in that district but the deployment's own: the security and the audit administrator.
UPDATE `users` SET `district_id` = 1 WHERE `role` NOT IN ('security_admin', 'audit_admin');--> statement-breakpoint
-- The settings of the district (warnings and calendar, assessment, attachment quota) move to it; the security policy stays the deployment's.
INSERT INTO `district_settings` (`district_id`, `key`, `value`, `updated_at`) SELECT 1, `key`, `value`, `updated_at` FROM `settings` WHERE `key` <> 'security';--> statement-breakpoint
DELETE FROM `settings` WHERE `key` <> 'security';--> statement-breakpoint
CREATE TRIGGER `districts_bumps_generation_insert` AFTER INSERT ON `districts` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `districts_bumps_generation_update` AFTER UPDATE ON `districts` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `districts_bumps_generation_delete` AFTER DELETE ON `districts` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `district_settings_bumps_generation_insert` AFTER INSERT ON `district_settings` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `district_settings_bumps_generation_update` AFTER UPDATE ON `district_settings` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `district_settings_bumps_generation_delete` AFTER DELETE ON `district_settings` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
