CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_id` integer,
	`actor_name` text,
	`action` text NOT NULL,
	`entity_type` text NOT NULL,
	`entity_id` integer,
	`task_id` integer,
	`unit_id` integer,
	`detail` text,
	`ip` text
);
--> statement-breakpoint
CREATE INDEX `audit_task` ON `audit_log` (`task_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_entity` ON `audit_log` (`entity_type`,`entity_id`);--> statement-breakpoint
CREATE TABLE `digests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`date` text NOT NULL,
	`item_count` integer NOT NULL,
	`body` text NOT NULL,
	`emailed_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `digests_user_date` ON `digests` (`user_id`,`date`);--> statement-breakpoint
CREATE TABLE `instruction_receipts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`instruction_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`acknowledged_at` integer,
	`acknowledged_by` integer,
	`reply` text,
	`replied_at` integer,
	FOREIGN KEY (`instruction_id`) REFERENCES `instructions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`acknowledged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `receipts_instruction_unit` ON `instruction_receipts` (`instruction_id`,`unit_id`);--> statement-breakpoint
CREATE INDEX `receipts_unit` ON `instruction_receipts` (`unit_id`);--> statement-breakpoint
CREATE TABLE `instructions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_id` integer NOT NULL,
	`author_id` integer NOT NULL,
	`content` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `instructions_task` ON `instructions` (`task_id`);--> statement-breakpoint
CREATE TABLE `notice_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`notice_id` integer NOT NULL,
	`kind` text NOT NULL,
	`content` text NOT NULL,
	`author_id` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`notice_id`) REFERENCES `supervision_notices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `notice_targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`notice_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`response` text DEFAULT '' NOT NULL,
	`responded_at` integer,
	`responded_by` integer,
	`review_comment` text,
	`reviewed_at` integer,
	FOREIGN KEY (`notice_id`) REFERENCES `supervision_notices`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`responded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notice_targets_notice_unit` ON `notice_targets` (`notice_id`,`unit_id`);--> statement-breakpoint
CREATE INDEX `notice_targets_unit` ON `notice_targets` (`unit_id`);--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`link` text,
	`urgent` integer DEFAULT false NOT NULL,
	`dedupe_key` text,
	`created_at` integer NOT NULL,
	`read_at` integer,
	`digested_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_dedupe_key_unique` ON `notifications` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `notifications_user_read` ON `notifications` (`user_id`,`read_at`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `submission_snapshots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_type` text NOT NULL,
	`owner_id` integer NOT NULL,
	`event` text NOT NULL,
	`content` text NOT NULL,
	`comment` text,
	`actor_id` integer,
	`at` integer NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `snapshots_owner` ON `submission_snapshots` (`owner_type`,`owner_id`);--> statement-breakpoint
CREATE TABLE `supervision_notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`year` integer NOT NULL,
	`seq` integer NOT NULL,
	`task_id` integer NOT NULL,
	`level` text NOT NULL,
	`trigger_rule` text,
	`trigger_reason` text,
	`problem` text NOT NULL,
	`requirement` text NOT NULL,
	`due_date` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`issued_by` integer NOT NULL,
	`issued_at` integer NOT NULL,
	`closed_by` integer,
	`closed_at` integer,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`issued_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notices_year_seq` ON `supervision_notices` (`year`,`seq`);--> statement-breakpoint
CREATE INDEX `notices_task` ON `supervision_notices` (`task_id`);--> statement-breakpoint
CREATE TABLE `task_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`task_id` integer NOT NULL,
	`level` text NOT NULL,
	`reason` text NOT NULL,
	`raised_by` integer NOT NULL,
	`raised_at` integer NOT NULL,
	`lifted_by` integer,
	`lifted_at` integer,
	`lift_reason` text,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`raised_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lifted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `task_flags_task` ON `task_flags` (`task_id`);--> statement-breakpoint
ALTER TABLE `contributions` ADD `reviewed_at` integer;--> statement-breakpoint
ALTER TABLE `contributions` ADD `reviewed_by` integer REFERENCES users(id);--> statement-breakpoint
ALTER TABLE `contributions` ADD `review_comment` text;--> statement-breakpoint
ALTER TABLE `users` ADD `email` text;--> statement-breakpoint
CREATE TRIGGER `audit_log_no_update` BEFORE UPDATE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `audit_log_no_delete` BEFORE DELETE ON `audit_log` BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
