ALTER TABLE `user_sessions` ADD `previous_login_at` integer;--> statement-breakpoint
ALTER TABLE `user_sessions` ADD `previous_login_ip` text;--> statement-breakpoint
-- Sessions opened before this migration: the login before each, as the 上次登录 notice used to find it.
UPDATE `user_sessions` SET
  `previous_login_at` = (SELECT p.`created_at` FROM `user_sessions` p WHERE p.`user_id` = `user_sessions`.`user_id` AND p.`id` <> `user_sessions`.`id` AND (p.`created_at` < `user_sessions`.`created_at` OR (p.`created_at` = `user_sessions`.`created_at` AND p.`id` < `user_sessions`.`id`)) ORDER BY p.`created_at` DESC LIMIT 1),
  `previous_login_ip` = (SELECT p.`ip` FROM `user_sessions` p WHERE p.`user_id` = `user_sessions`.`user_id` AND p.`id` <> `user_sessions`.`id` AND (p.`created_at` < `user_sessions`.`created_at` OR (p.`created_at` = `user_sessions`.`created_at` AND p.`id` < `user_sessions`.`id`)) ORDER BY p.`created_at` DESC LIMIT 1);
