CREATE TABLE `closure_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`summary` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`requested_by` integer NOT NULL,
	`requested_at` integer NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	`decision_comment` text,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `closures_task` ON `closure_requests` (`task_id`);--> statement-breakpoint
CREATE INDEX `closures_status` ON `closure_requests` (`status`);--> statement-breakpoint
CREATE TABLE `extension_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject` text NOT NULL,
	`task_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`milestone_id` integer,
	`notice_id` integer,
	`period_id` integer,
	`from_date` text NOT NULL,
	`to_date` text NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`requested_by` integer NOT NULL,
	`requested_at` integer NOT NULL,
	`office_by` integer,
	`office_at` integer,
	`office_comment` text,
	`leader_by` integer,
	`leader_at` integer,
	`leader_comment` text,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`milestone_id`) REFERENCES `milestones`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`notice_id`) REFERENCES `supervision_notices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`period_id`) REFERENCES `reporting_periods`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`office_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`leader_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `extensions_task` ON `extension_requests` (`task_id`);--> statement-breakpoint
CREATE INDEX `extensions_unit` ON `extension_requests` (`unit_id`,`status`);--> statement-breakpoint
CREATE INDEX `extensions_status` ON `extension_requests` (`status`);--> statement-breakpoint
CREATE TABLE `milestone_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`submitted_at` integer,
	`submitted_by` integer,
	`reviewed_at` integer,
	`reviewed_by` integer,
	`review_comment` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`submitted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `milestone_plans_task_id_unique` ON `milestone_plans` (`task_id`);--> statement-breakpoint
CREATE TABLE `milestones` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`milestone_plan_id` integer NOT NULL,
	`task_id` integer NOT NULL,
	`position` integer NOT NULL,
	`due_on` text NOT NULL,
	`original_due_on` text,
	`deliverable` text NOT NULL,
	`indicator_id` integer,
	`indicator_value` real,
	`done_on` text,
	`done_report_id` integer,
	`evidence` text,
	FOREIGN KEY (`milestone_plan_id`) REFERENCES `milestone_plans`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`done_report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `milestones_task` ON `milestones` (`task_id`,`due_on`);--> statement-breakpoint
CREATE INDEX `milestones_plan` ON `milestones` (`milestone_plan_id`,`position`);--> statement-breakpoint
CREATE TABLE `problems` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`report_id` integer,
	`addressed_to` text NOT NULL,
	`content` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`raised_by` integer NOT NULL,
	`raised_at` integer NOT NULL,
	`answer` text,
	`answered_by` integer,
	`answered_at` integer,
	`closed_by` integer,
	`closed_at` integer,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`raised_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answered_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `problems_task` ON `problems` (`task_id`);--> statement-breakpoint
CREATE INDEX `problems_unit` ON `problems` (`unit_id`,`status`);--> statement-breakpoint
CREATE INDEX `problems_status` ON `problems` (`status`);--> statement-breakpoint
ALTER TABLE `indicators` ADD `kind` text DEFAULT 'cumulative' NOT NULL;--> statement-breakpoint
ALTER TABLE `supervision_notices` ADD `original_due_date` text;--> statement-breakpoint
ALTER TABLE `task_units` ADD `assigned_on` text;--> statement-breakpoint
ALTER TABLE `task_units` ADD `signed_at` integer;--> statement-breakpoint
ALTER TABLE `task_units` ADD `signed_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `tasks` ADD `original_deadline` text;--> statement-breakpoint
ALTER TABLE `tasks` ADD `status` text DEFAULT 'active' NOT NULL;--> statement-breakpoint
ALTER TABLE `tasks` ADD `closed_at` integer;--> statement-breakpoint
ALTER TABLE `tasks` ADD `closed_by` integer REFERENCES users(id);--> statement-breakpoint
-- Lists already in use: each assignment dates from its list, and counts as signed for (签收 is new;
-- units that have reported for months must not all turn red at once).
UPDATE `task_units` SET
  `assigned_on` = (SELECT coalesce(p.issued_on, date(p.created_at / 1000, 'unixepoch', '+8 hours')) FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = task_units.task_id),
  `signed_at` = (SELECT p.created_at FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.id = task_units.task_id);--> statement-breakpoint
-- A ceiling (≤) was the only kind the comparator could express.
UPDATE `indicators` SET `kind` = 'ceiling' WHERE `comparator` = 'at_most';
