CREATE TABLE `assessment_explanations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`period_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`content` text NOT NULL,
	`author_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`period_id`) REFERENCES `reporting_periods`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`author_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `explanations_period_unit` ON `assessment_explanations` (`period_id`,`unit_id`);--> statement-breakpoint
CREATE TABLE `assessment_locks` (
	`period_id` integer PRIMARY KEY NOT NULL,
	`locked_by` integer NOT NULL,
	`locked_at` integer NOT NULL,
	FOREIGN KEY (`period_id`) REFERENCES `reporting_periods`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`locked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `assessment_scores` (
	`period_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`total` real NOT NULL,
	`rank` integer NOT NULL,
	`breakdown` text NOT NULL,
	PRIMARY KEY(`period_id`, `unit_id`),
	FOREIGN KEY (`period_id`) REFERENCES `reporting_periods`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action
);
