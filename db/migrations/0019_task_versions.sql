CREATE TABLE `task_versions` (
	`task_id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `task_versions_version` ON `task_versions` (`version`);--> statement-breakpoint
-- Task 0 (every task) is always there: a restored backup moves every row to its new generation (lib/backup/pg-restore.ts).
INSERT INTO `task_versions` (`task_id`, `version`) VALUES (0, 0);
--> statement-breakpoint
CREATE TRIGGER `tasks_notes_task_insert` AFTER INSERT ON `tasks` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT NEW.`id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `tasks_notes_task_update` AFTER UPDATE ON `tasks` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT OLD.`id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; INSERT INTO `task_versions` (`task_id`, `version`) SELECT NEW.`id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `tasks_notes_task_delete` AFTER DELETE ON `tasks` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT OLD.`id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `task_units_notes_task_insert` AFTER INSERT ON `task_units` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT NEW.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `task_units_notes_task_update` AFTER UPDATE ON `task_units` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT OLD.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; INSERT INTO `task_versions` (`task_id`, `version`) SELECT NEW.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `task_units_notes_task_delete` AFTER DELETE ON `task_units` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT OLD.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `reports_notes_task_insert` AFTER INSERT ON `reports` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT NEW.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `reports_notes_task_update` AFTER UPDATE ON `reports` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT OLD.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; INSERT INTO `task_versions` (`task_id`, `version`) SELECT NEW.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `reports_notes_task_delete` AFTER DELETE ON `reports` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT OLD.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `contributions_notes_task_insert` AFTER INSERT ON `contributions` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT NEW.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `contributions_notes_task_update` AFTER UPDATE ON `contributions` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT OLD.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; INSERT INTO `task_versions` (`task_id`, `version`) SELECT NEW.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `contributions_notes_task_delete` AFTER DELETE ON `contributions` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT OLD.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `report_indicator_values_notes_task_insert` AFTER INSERT ON `report_indicator_values` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT r.`task_id`, g.`n` FROM `reports` r, `data_generation` g WHERE r.`id` = NEW.`report_id` AND g.`id` = 1 ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `report_indicator_values_notes_task_update` AFTER UPDATE ON `report_indicator_values` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT r.`task_id`, g.`n` FROM `reports` r, `data_generation` g WHERE r.`id` = OLD.`report_id` AND g.`id` = 1 ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; INSERT INTO `task_versions` (`task_id`, `version`) SELECT r.`task_id`, g.`n` FROM `reports` r, `data_generation` g WHERE r.`id` = NEW.`report_id` AND g.`id` = 1 ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `report_indicator_values_notes_task_delete` AFTER DELETE ON `report_indicator_values` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT r.`task_id`, g.`n` FROM `reports` r, `data_generation` g WHERE r.`id` = OLD.`report_id` AND g.`id` = 1 ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_notes_task_insert` AFTER INSERT ON `indicators` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT NEW.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_notes_task_update` AFTER UPDATE ON `indicators` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT OLD.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; INSERT INTO `task_versions` (`task_id`, `version`) SELECT NEW.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_notes_task_delete` AFTER DELETE ON `indicators` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT OLD.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `milestone_plans_notes_task_insert` AFTER INSERT ON `milestone_plans` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT NEW.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `milestone_plans_notes_task_update` AFTER UPDATE ON `milestone_plans` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT OLD.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; INSERT INTO `task_versions` (`task_id`, `version`) SELECT NEW.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `milestone_plans_notes_task_delete` AFTER DELETE ON `milestone_plans` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT OLD.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `milestones_notes_task_insert` AFTER INSERT ON `milestones` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT NEW.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `milestones_notes_task_update` AFTER UPDATE ON `milestones` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT OLD.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; INSERT INTO `task_versions` (`task_id`, `version`) SELECT NEW.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `milestones_notes_task_delete` AFTER DELETE ON `milestones` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT OLD.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `extension_requests_notes_task_insert` AFTER INSERT ON `extension_requests` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT NEW.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `extension_requests_notes_task_update` AFTER UPDATE ON `extension_requests` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT OLD.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; INSERT INTO `task_versions` (`task_id`, `version`) SELECT NEW.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `extension_requests_notes_task_delete` AFTER DELETE ON `extension_requests` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT OLD.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `task_flags_notes_task_insert` AFTER INSERT ON `task_flags` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT NEW.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `task_flags_notes_task_update` AFTER UPDATE ON `task_flags` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT OLD.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; INSERT INTO `task_versions` (`task_id`, `version`) SELECT NEW.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `task_flags_notes_task_delete` AFTER DELETE ON `task_flags` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT OLD.`task_id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`task_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `plans_notes_task_update` AFTER UPDATE OF `year`, `cadence` ON `plans` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT -OLD.`id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; INSERT INTO `task_versions` (`task_id`, `version`) SELECT -NEW.`id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `reporting_periods_notes_task_insert` AFTER INSERT ON `reporting_periods` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT -NEW.`plan_id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`plan_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `reporting_periods_notes_task_update` AFTER UPDATE ON `reporting_periods` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT -OLD.`plan_id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`plan_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; INSERT INTO `task_versions` (`task_id`, `version`) SELECT -NEW.`plan_id`, `n` FROM `data_generation` WHERE `id` = 1 AND NEW.`plan_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `reporting_periods_notes_task_delete` AFTER DELETE ON `reporting_periods` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT -OLD.`plan_id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`plan_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `units_notes_task_update` AFTER UPDATE OF `name` ON `units` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT 0, `n` FROM `data_generation` WHERE `id` = 1 ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
--> statement-breakpoint
CREATE TRIGGER `tasks_notes_list_move` AFTER UPDATE OF `plan_id` ON `tasks` WHEN OLD.`plan_id` IS NOT NEW.`plan_id` BEGIN INSERT INTO `task_versions` (`task_id`, `version`) SELECT -OLD.`plan_id`, `n` FROM `data_generation` WHERE `id` = 1 AND OLD.`plan_id` IS NOT NULL ON CONFLICT (`task_id`) DO UPDATE SET `version` = excluded.`version`; END;
