CREATE TABLE `assessment_month_scores` (
	`month` text NOT NULL,
	`unit_id` integer NOT NULL,
	`total` real NOT NULL,
	`rank` integer NOT NULL,
	`breakdown` text NOT NULL,
	`locked_by` integer NOT NULL,
	`locked_at` integer NOT NULL,
	PRIMARY KEY(`month`, `unit_id`),
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`locked_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
