import { it } from 'vitest';
import fs from 'node:fs';
import { createSeededDb } from '@/lib/testing/temp-db';
it('probe', async () => {
  const t = Date.now();
  const env = await createSeededDb();
  console.log('seed ms', Date.now() - t, env.file);
  const q = (s: string, ...p: unknown[]) => env.db.$client.prepare(s).all(...p);
  console.log(q('select id, code, short_name, kind, status, cadence from plans'));
  console.log(q('select id, plan_id, month, contribution_deadline, lead_deadline from reporting_periods order by id'));
  console.log(q("select t.no, t.id, tu.role, u.name from tasks t join task_units tu on tu.task_id=t.id join units u on u.id=tu.unit_id where t.no in (1,4,15,40) and t.plan_id=1"));
  console.log(q("select u.id, u.username, u.role, un.name from users u left join units un on un.id=u.unit_id"));
  console.log(q("select name from sqlite_master where type='table'"));
  for (const tb of ['reports','contributions','attachments','supervision_notices','notice_targets','instructions','instruction_receipts','task_flags','indicators','assessment_locks','assessment_explanations','notifications','unit_groups','unit_aliases']) { try { console.log(tb, q(`select count(*) n from ${tb}`)); } catch (e) { console.log(tb, String(e)); } }
  console.log(q("select status, count(*) from reports group by status"));
  console.log(q("select r.id, r.status, r.version, p.month from reports r join reporting_periods p on p.id=r.period_id join tasks t on t.id=r.task_id where t.no=1 and t.plan_id=1"));
  console.log(q("select c.id, c.status, c.version, p.month, u.name from contributions c join reporting_periods p on p.id=c.period_id join tasks t on t.id=c.task_id join units u on u.id=c.unit_id where t.no=40 and t.plan_id=1"));
  console.log(q("select * from settings"));
  env.db.$client.pragma('wal_checkpoint(TRUNCATE)');
  console.log(fs.statSync(env.file).size);
  env.cleanup();
});
