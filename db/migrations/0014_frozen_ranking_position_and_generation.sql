CREATE TABLE `data_generation` (
	`id` integer PRIMARY KEY NOT NULL,
	`n` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
ALTER TABLE `assessment_month_scores` ADD `position` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `assessment_scores` ADD `position` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- Rankings frozen before this migration: their order was the insertion order (rowid).
UPDATE `assessment_scores` SET `position` = rowid;--> statement-breakpoint
UPDATE `assessment_month_scores` SET `position` = rowid;--> statement-breakpoint
-- The data generation, bumped by every write to a table but the sign-in bookkeeping.
INSERT INTO `data_generation` (`id`, `n`) VALUES (1, 0);--> statement-breakpoint
CREATE TRIGGER `assessment_explanations_bumps_generation_insert` AFTER INSERT ON `assessment_explanations` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `assessment_explanations_bumps_generation_update` AFTER UPDATE ON `assessment_explanations` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `assessment_explanations_bumps_generation_delete` AFTER DELETE ON `assessment_explanations` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `assessment_locks_bumps_generation_insert` AFTER INSERT ON `assessment_locks` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `assessment_locks_bumps_generation_update` AFTER UPDATE ON `assessment_locks` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `assessment_locks_bumps_generation_delete` AFTER DELETE ON `assessment_locks` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `assessment_month_scores_bumps_generation_insert` AFTER INSERT ON `assessment_month_scores` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `assessment_month_scores_bumps_generation_update` AFTER UPDATE ON `assessment_month_scores` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `assessment_month_scores_bumps_generation_delete` AFTER DELETE ON `assessment_month_scores` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `assessment_scores_bumps_generation_insert` AFTER INSERT ON `assessment_scores` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `assessment_scores_bumps_generation_update` AFTER UPDATE ON `assessment_scores` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `assessment_scores_bumps_generation_delete` AFTER DELETE ON `assessment_scores` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `attachments_bumps_generation_insert` AFTER INSERT ON `attachments` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `attachments_bumps_generation_update` AFTER UPDATE ON `attachments` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `attachments_bumps_generation_delete` AFTER DELETE ON `attachments` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_bumps_generation_insert` AFTER INSERT ON `audit_log` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_bumps_generation_update` AFTER UPDATE ON `audit_log` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_bumps_generation_delete` AFTER DELETE ON `audit_log` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `closure_requests_bumps_generation_insert` AFTER INSERT ON `closure_requests` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `closure_requests_bumps_generation_update` AFTER UPDATE ON `closure_requests` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `closure_requests_bumps_generation_delete` AFTER DELETE ON `closure_requests` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `contributions_bumps_generation_insert` AFTER INSERT ON `contributions` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `contributions_bumps_generation_update` AFTER UPDATE ON `contributions` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `contributions_bumps_generation_delete` AFTER DELETE ON `contributions` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `digests_bumps_generation_insert` AFTER INSERT ON `digests` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `digests_bumps_generation_update` AFTER UPDATE ON `digests` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `digests_bumps_generation_delete` AFTER DELETE ON `digests` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `extension_requests_bumps_generation_insert` AFTER INSERT ON `extension_requests` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `extension_requests_bumps_generation_update` AFTER UPDATE ON `extension_requests` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `extension_requests_bumps_generation_delete` AFTER DELETE ON `extension_requests` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_bumps_generation_insert` AFTER INSERT ON `indicators` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_bumps_generation_update` AFTER UPDATE ON `indicators` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `indicators_bumps_generation_delete` AFTER DELETE ON `indicators` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `instruction_receipts_bumps_generation_insert` AFTER INSERT ON `instruction_receipts` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `instruction_receipts_bumps_generation_update` AFTER UPDATE ON `instruction_receipts` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `instruction_receipts_bumps_generation_delete` AFTER DELETE ON `instruction_receipts` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `instructions_bumps_generation_insert` AFTER INSERT ON `instructions` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `instructions_bumps_generation_update` AFTER UPDATE ON `instructions` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `instructions_bumps_generation_delete` AFTER DELETE ON `instructions` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `milestone_plans_bumps_generation_insert` AFTER INSERT ON `milestone_plans` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `milestone_plans_bumps_generation_update` AFTER UPDATE ON `milestone_plans` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `milestone_plans_bumps_generation_delete` AFTER DELETE ON `milestone_plans` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `milestones_bumps_generation_insert` AFTER INSERT ON `milestones` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `milestones_bumps_generation_update` AFTER UPDATE ON `milestones` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `milestones_bumps_generation_delete` AFTER DELETE ON `milestones` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `month_sign_offs_bumps_generation_insert` AFTER INSERT ON `month_sign_offs` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `month_sign_offs_bumps_generation_update` AFTER UPDATE ON `month_sign_offs` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `month_sign_offs_bumps_generation_delete` AFTER DELETE ON `month_sign_offs` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `notice_notes_bumps_generation_insert` AFTER INSERT ON `notice_notes` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `notice_notes_bumps_generation_update` AFTER UPDATE ON `notice_notes` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `notice_notes_bumps_generation_delete` AFTER DELETE ON `notice_notes` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `notice_targets_bumps_generation_insert` AFTER INSERT ON `notice_targets` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `notice_targets_bumps_generation_update` AFTER UPDATE ON `notice_targets` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `notice_targets_bumps_generation_delete` AFTER DELETE ON `notice_targets` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `notifications_bumps_generation_insert` AFTER INSERT ON `notifications` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `notifications_bumps_generation_update` AFTER UPDATE ON `notifications` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `notifications_bumps_generation_delete` AFTER DELETE ON `notifications` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `password_history_bumps_generation_insert` AFTER INSERT ON `password_history` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `password_history_bumps_generation_update` AFTER UPDATE ON `password_history` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `password_history_bumps_generation_delete` AFTER DELETE ON `password_history` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `plans_bumps_generation_insert` AFTER INSERT ON `plans` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `plans_bumps_generation_update` AFTER UPDATE ON `plans` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `plans_bumps_generation_delete` AFTER DELETE ON `plans` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `problems_bumps_generation_insert` AFTER INSERT ON `problems` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `problems_bumps_generation_update` AFTER UPDATE ON `problems` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `problems_bumps_generation_delete` AFTER DELETE ON `problems` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `report_indicator_values_bumps_generation_insert` AFTER INSERT ON `report_indicator_values` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `report_indicator_values_bumps_generation_update` AFTER UPDATE ON `report_indicator_values` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `report_indicator_values_bumps_generation_delete` AFTER DELETE ON `report_indicator_values` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `reporting_periods_bumps_generation_insert` AFTER INSERT ON `reporting_periods` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `reporting_periods_bumps_generation_update` AFTER UPDATE ON `reporting_periods` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `reporting_periods_bumps_generation_delete` AFTER DELETE ON `reporting_periods` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `reports_bumps_generation_insert` AFTER INSERT ON `reports` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `reports_bumps_generation_update` AFTER UPDATE ON `reports` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `reports_bumps_generation_delete` AFTER DELETE ON `reports` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `sections_bumps_generation_insert` AFTER INSERT ON `sections` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `sections_bumps_generation_update` AFTER UPDATE ON `sections` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `sections_bumps_generation_delete` AFTER DELETE ON `sections` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `settings_bumps_generation_insert` AFTER INSERT ON `settings` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `settings_bumps_generation_update` AFTER UPDATE ON `settings` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `settings_bumps_generation_delete` AFTER DELETE ON `settings` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `submission_snapshots_bumps_generation_insert` AFTER INSERT ON `submission_snapshots` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `submission_snapshots_bumps_generation_update` AFTER UPDATE ON `submission_snapshots` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `submission_snapshots_bumps_generation_delete` AFTER DELETE ON `submission_snapshots` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `supervision_notices_bumps_generation_insert` AFTER INSERT ON `supervision_notices` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `supervision_notices_bumps_generation_update` AFTER UPDATE ON `supervision_notices` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `supervision_notices_bumps_generation_delete` AFTER DELETE ON `supervision_notices` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `task_flags_bumps_generation_insert` AFTER INSERT ON `task_flags` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `task_flags_bumps_generation_update` AFTER UPDATE ON `task_flags` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `task_flags_bumps_generation_delete` AFTER DELETE ON `task_flags` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `task_units_bumps_generation_insert` AFTER INSERT ON `task_units` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `task_units_bumps_generation_update` AFTER UPDATE ON `task_units` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `task_units_bumps_generation_delete` AFTER DELETE ON `task_units` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `tasks_bumps_generation_insert` AFTER INSERT ON `tasks` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `tasks_bumps_generation_update` AFTER UPDATE ON `tasks` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `tasks_bumps_generation_delete` AFTER DELETE ON `tasks` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `unit_aliases_bumps_generation_insert` AFTER INSERT ON `unit_aliases` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `unit_aliases_bumps_generation_update` AFTER UPDATE ON `unit_aliases` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `unit_aliases_bumps_generation_delete` AFTER DELETE ON `unit_aliases` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `unit_group_members_bumps_generation_insert` AFTER INSERT ON `unit_group_members` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `unit_group_members_bumps_generation_update` AFTER UPDATE ON `unit_group_members` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `unit_group_members_bumps_generation_delete` AFTER DELETE ON `unit_group_members` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `unit_groups_bumps_generation_insert` AFTER INSERT ON `unit_groups` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `unit_groups_bumps_generation_update` AFTER UPDATE ON `unit_groups` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `unit_groups_bumps_generation_delete` AFTER DELETE ON `unit_groups` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `units_bumps_generation_insert` AFTER INSERT ON `units` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `units_bumps_generation_update` AFTER UPDATE ON `units` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `units_bumps_generation_delete` AFTER DELETE ON `units` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `user_identities_bumps_generation_insert` AFTER INSERT ON `user_identities` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `user_identities_bumps_generation_update` AFTER UPDATE ON `user_identities` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `user_identities_bumps_generation_delete` AFTER DELETE ON `user_identities` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `users_bumps_generation_insert` AFTER INSERT ON `users` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `users_bumps_generation_update` AFTER UPDATE ON `users` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
--> statement-breakpoint
CREATE TRIGGER `users_bumps_generation_delete` AFTER DELETE ON `users` BEGIN UPDATE `data_generation` SET `n` = (`n` + 1) % 1000000000 WHERE `id` = 1; END;
