CREATE TABLE `month_sign_offs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`month` text NOT NULL,
	`versions` text NOT NULL,
	`files` text DEFAULT '{}' NOT NULL,
	`signed_by` integer NOT NULL,
	`signed_at` integer NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`signed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `month_sign_offs_unit_month` ON `month_sign_offs` (`unit_id`,`month`);--> statement-breakpoint
ALTER TABLE `units` ADD `requires_sign_off` integer DEFAULT false NOT NULL;