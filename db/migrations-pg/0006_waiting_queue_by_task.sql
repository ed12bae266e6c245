DROP INDEX "contributions_waiting";--> statement-breakpoint
DROP INDEX "reports_waiting";--> statement-breakpoint
CREATE INDEX "contributions_waiting" ON "contributions" USING btree ("task_id","submitted_at") WHERE status = 'submitted';--> statement-breakpoint
CREATE INDEX "reports_waiting" ON "reports" USING btree ("task_id","submitted_at") WHERE status = 'submitted';