DROP INDEX `contributions_waiting`;--> statement-breakpoint
CREATE INDEX `contributions_waiting` ON `contributions` (`task_id`,`submitted_at`) WHERE status = 'submitted';--> statement-breakpoint
DROP INDEX `reports_waiting`;--> statement-breakpoint
CREATE INDEX `reports_waiting` ON `reports` (`task_id`,`submitted_at`) WHERE status = 'submitted';