-- The data generation (db/schema-sqlite.ts, dataGenerationCounter): bumped by every writing
-- statement on every table but the sign-in bookkeeping, inside the writer's transaction, so every
-- instance sees the new number exactly when it sees the new data.
INSERT INTO data_generation (id, n) VALUES (1, 0);
--> statement-breakpoint
CREATE FUNCTION bump_data_generation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_generation SET n = (n + 1) % 1000000000 WHERE id = 1;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "assessment_explanations_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "assessment_explanations" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "assessment_locks_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "assessment_locks" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "assessment_month_scores_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "assessment_month_scores" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "assessment_scores_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "assessment_scores" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "attachments_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "attachments" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "audit_log_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "closure_requests_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "closure_requests" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "contributions_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "contributions" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "digests_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "digests" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "extension_requests_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "extension_requests" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "indicators_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "indicators" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "instruction_receipts_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "instruction_receipts" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "instructions_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "instructions" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "milestone_plans_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "milestone_plans" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "milestones_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "milestones" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "month_sign_offs_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "month_sign_offs" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "notice_notes_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "notice_notes" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "notice_targets_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "notice_targets" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "notifications_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "notifications" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "password_history_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "password_history" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "plans_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "plans" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "problems_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "problems" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "report_indicator_values_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "report_indicator_values" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "reporting_periods_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "reporting_periods" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "reports_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "reports" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "sections_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "sections" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "settings_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "settings" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "submission_snapshots_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "submission_snapshots" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "supervision_notices_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "supervision_notices" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "task_flags_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "task_flags" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "task_units_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "task_units" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "tasks_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "tasks" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "unit_aliases_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "unit_aliases" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "unit_group_members_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "unit_group_members" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "unit_groups_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "unit_groups" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "units_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "units" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "user_identities_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "user_identities" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
--> statement-breakpoint
CREATE TRIGGER "users_bumps_generation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION bump_data_generation();
