CREATE TABLE "task_versions" (
	"task_id" integer PRIMARY KEY NOT NULL,
	"version" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "task_versions_version" ON "task_versions" USING btree ("version");--> statement-breakpoint
-- Task 0 (every task) is always there: a restored backup moves every row to its new generation (lib/backup/pg-restore.ts).
INSERT INTO "task_versions" ("task_id", "version") VALUES (0, 0);
--> statement-breakpoint
CREATE FUNCTION note_task_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids integer[] := '{}';
BEGIN
  -- TG_ARGV[0]: the column naming the task; TG_ARGV[1] = 'report': it names a report (its task is
  -- noted), 'list': it names a list (every task of it: minus the list's id); TG_ARGV[2] = 'old':
  -- only the row as it was.
  IF TG_OP <> 'DELETE' AND TG_ARGV[2] IS DISTINCT FROM 'old' THEN ids := ids || (to_jsonb(NEW) ->> TG_ARGV[0])::integer; END IF;
  IF TG_OP <> 'INSERT' THEN ids := ids || (to_jsonb(OLD) ->> TG_ARGV[0])::integer; END IF;
  IF TG_ARGV[1] = 'report' THEN ids := ARRAY(SELECT task_id FROM reports WHERE id = ANY (ids)); END IF;
  IF TG_ARGV[1] = 'list' THEN ids := ARRAY(SELECT -x FROM unnest(ids) AS x); END IF;
  PERFORM 1 FROM data_generation WHERE id = 1 FOR UPDATE;
  INSERT INTO task_versions (task_id, version)
    SELECT DISTINCT t.id, g.n FROM unnest(ids) AS t(id), data_generation g WHERE g.id = 1 AND t.id IS NOT NULL
    ON CONFLICT (task_id) DO UPDATE SET version = excluded.version;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION note_every_task_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM data_generation WHERE id = 1 FOR UPDATE;
  INSERT INTO task_versions (task_id, version) SELECT 0, n FROM data_generation WHERE id = 1
    ON CONFLICT (task_id) DO UPDATE SET version = excluded.version;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "tasks_notes_task" AFTER INSERT OR UPDATE OR DELETE ON "tasks" FOR EACH ROW EXECUTE FUNCTION note_task_change('id');
--> statement-breakpoint
CREATE TRIGGER "tasks_notes_every_task" AFTER TRUNCATE ON "tasks" FOR EACH STATEMENT EXECUTE FUNCTION note_every_task_change();
--> statement-breakpoint
CREATE TRIGGER "task_units_notes_task" AFTER INSERT OR UPDATE OR DELETE ON "task_units" FOR EACH ROW EXECUTE FUNCTION note_task_change('task_id');
--> statement-breakpoint
CREATE TRIGGER "task_units_notes_every_task" AFTER TRUNCATE ON "task_units" FOR EACH STATEMENT EXECUTE FUNCTION note_every_task_change();
--> statement-breakpoint
CREATE TRIGGER "reports_notes_task" AFTER INSERT OR UPDATE OR DELETE ON "reports" FOR EACH ROW EXECUTE FUNCTION note_task_change('task_id');
--> statement-breakpoint
CREATE TRIGGER "reports_notes_every_task" AFTER TRUNCATE ON "reports" FOR EACH STATEMENT EXECUTE FUNCTION note_every_task_change();
--> statement-breakpoint
CREATE TRIGGER "contributions_notes_task" AFTER INSERT OR UPDATE OR DELETE ON "contributions" FOR EACH ROW EXECUTE FUNCTION note_task_change('task_id');
--> statement-breakpoint
CREATE TRIGGER "contributions_notes_every_task" AFTER TRUNCATE ON "contributions" FOR EACH STATEMENT EXECUTE FUNCTION note_every_task_change();
--> statement-breakpoint
CREATE TRIGGER "report_indicator_values_notes_task" AFTER INSERT OR UPDATE OR DELETE ON "report_indicator_values" FOR EACH ROW EXECUTE FUNCTION note_task_change('report_id', 'report');
--> statement-breakpoint
CREATE TRIGGER "report_indicator_values_notes_every_task" AFTER TRUNCATE ON "report_indicator_values" FOR EACH STATEMENT EXECUTE FUNCTION note_every_task_change();
--> statement-breakpoint
CREATE TRIGGER "indicators_notes_task" AFTER INSERT OR UPDATE OR DELETE ON "indicators" FOR EACH ROW EXECUTE FUNCTION note_task_change('task_id');
--> statement-breakpoint
CREATE TRIGGER "indicators_notes_every_task" AFTER TRUNCATE ON "indicators" FOR EACH STATEMENT EXECUTE FUNCTION note_every_task_change();
--> statement-breakpoint
CREATE TRIGGER "milestone_plans_notes_task" AFTER INSERT OR UPDATE OR DELETE ON "milestone_plans" FOR EACH ROW EXECUTE FUNCTION note_task_change('task_id');
--> statement-breakpoint
CREATE TRIGGER "milestone_plans_notes_every_task" AFTER TRUNCATE ON "milestone_plans" FOR EACH STATEMENT EXECUTE FUNCTION note_every_task_change();
--> statement-breakpoint
CREATE TRIGGER "milestones_notes_task" AFTER INSERT OR UPDATE OR DELETE ON "milestones" FOR EACH ROW EXECUTE FUNCTION note_task_change('task_id');
--> statement-breakpoint
CREATE TRIGGER "milestones_notes_every_task" AFTER TRUNCATE ON "milestones" FOR EACH STATEMENT EXECUTE FUNCTION note_every_task_change();
--> statement-breakpoint
CREATE TRIGGER "extension_requests_notes_task" AFTER INSERT OR UPDATE OR DELETE ON "extension_requests" FOR EACH ROW EXECUTE FUNCTION note_task_change('task_id');
--> statement-breakpoint
CREATE TRIGGER "extension_requests_notes_every_task" AFTER TRUNCATE ON "extension_requests" FOR EACH STATEMENT EXECUTE FUNCTION note_every_task_change();
--> statement-breakpoint
CREATE TRIGGER "task_flags_notes_task" AFTER INSERT OR UPDATE OR DELETE ON "task_flags" FOR EACH ROW EXECUTE FUNCTION note_task_change('task_id');
--> statement-breakpoint
CREATE TRIGGER "task_flags_notes_every_task" AFTER TRUNCATE ON "task_flags" FOR EACH STATEMENT EXECUTE FUNCTION note_every_task_change();
--> statement-breakpoint
CREATE TRIGGER "plans_notes_task" AFTER UPDATE OF "year", "cadence" ON "plans" FOR EACH ROW EXECUTE FUNCTION note_task_change('id', 'list');
--> statement-breakpoint
CREATE TRIGGER "plans_notes_every_task" AFTER TRUNCATE ON "plans" FOR EACH STATEMENT EXECUTE FUNCTION note_every_task_change();
--> statement-breakpoint
CREATE TRIGGER "reporting_periods_notes_task" AFTER INSERT OR UPDATE OR DELETE ON "reporting_periods" FOR EACH ROW EXECUTE FUNCTION note_task_change('plan_id', 'list');
--> statement-breakpoint
CREATE TRIGGER "reporting_periods_notes_every_task" AFTER TRUNCATE ON "reporting_periods" FOR EACH STATEMENT EXECUTE FUNCTION note_every_task_change();
--> statement-breakpoint
CREATE TRIGGER "units_notes_every_task" AFTER UPDATE OF "name" OR TRUNCATE ON "units" FOR EACH STATEMENT EXECUTE FUNCTION note_every_task_change();
--> statement-breakpoint
CREATE TRIGGER "tasks_notes_list_move" AFTER UPDATE OF "plan_id" ON "tasks" FOR EACH ROW WHEN (OLD.plan_id IS DISTINCT FROM NEW.plan_id) EXECUTE FUNCTION note_task_change('plan_id', 'list', 'old');
