/**
 * Synthetic data for the benchmark, written through the real schema (migrations, importer, demo
 * seed), at three scales:
 *
 *   district  one district (河东区): the real 2023 notice (77 tasks, 52 units) with the demo accounts
 *             and the demo seed's reports and parts for every month Jan–Dec up to "today"
 *   city      10 districts, each of them what the district scale makes (770 tasks, 520 units in all)
 *   province  100 districts (7,700 tasks, 5,200 units), ≥ 1M audit rows
 *
 * Usage: tsx bench/generate.ts --scale district|city|province --data-dir DIR [--now ISO] [--meta FILE]
 *
 * The data directory is wiped first. Everything goes through the real migrations; the plan comes
 * from the real importer (`seedIfEmpty`), the months' reports from the real demo seed
 * (`seedDemoReports`); the extra tables (snapshots, notices and their targets, attachment metadata,
 * flags, instructions, notifications, audit log) are bulk inserts in transactions. District 1 is
 * the same at every scale; the other districts are copies of it under their own ids, users and
 * numbering (cloneDistricts, below), so every district of a city or province looks like
 * a real one. Writes a JSON description (users, the slots the submit benchmark and the month-end
 * burst will fill, row counts) to --meta.
 */
import fs from 'node:fs';
import path from 'node:path';
import { closeDatabase, databaseFile, openDatabase } from '@/db/client';
// audit_log.entity_id by entity_type: the table each type's id points into, as db:copy --district remaps it.
import { AUDIT_ENTITY_TABLES, POLYMORPHIC } from '@/db/copy-district';
import { NO_META } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { setPeriodRange } from '@/lib/reporting/period-service';
import { seedDemoReports } from '@/lib/seed/demo-reports';
import { DEMO_PASSWORD } from '@/lib/seed/demo-accounts';
import { seedIfEmpty } from '@/lib/seed/seed';
import { shanghaiDate } from '@/lib/reporting/calendar';
import { rng } from '@/lib/seed/rng';
import type BetterSqlite3 from 'better-sqlite3';

export const SCALES = { district: 1, city: 10, province: 100 } as const;
export type ScaleName = keyof typeof SCALES;

/** Audit rows of district 1 (every district gets a copy: 1.2 M at the province, which needs at least one million). */
const AUDIT_PER_DISTRICT = 12_000;
const AUDIT_TARGET: Record<ScaleName, number> = { district: 12_000, city: 120_000, province: 1_050_000 };
/** Month-end burst: 100 reporters, 10 submissions each, spread over the districts. */
const BURST_USERS = 100;
const BURST_PER_USER = 10;
/** The demo units keep their current month free for people (and the submit benchmark). */
const SUBMIT_USERS = ['fgj', 'gxj', 'sthj', 'kjj'];

type Args = { scale: ScaleName; dataDir: string; now: string; meta: string | null };

function parseArgs(argv: string[]): Args {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const scale = (get('scale') ?? 'district') as ScaleName;
  if (!(scale in SCALES)) throw new Error(`unknown scale ${scale}`);
  const dataDir = get('data-dir');
  if (!dataDir) throw new Error('--data-dir is required');
  return { scale, dataDir: path.resolve(dataDir), now: get('now') ?? '2023-12-22T09:30:00+08:00', meta: get('meta') ?? null };
}

export type Slot = { username: string; unitId: number; taskId: number; taskNo: number; periodId: number; month: string };
export type BenchMeta = {
  scale: ScaleName;
  factor: number;
  /** Districts in the database (= factor); district 1 is the measured one. */
  districts: number;
  now: string;
  today: string;
  dataDir: string;
  /** District 1's plan. */
  planId: number;
  generatedMs: number;
  counts: Record<string, number>;
  password: string;
  /** Slots the submit benchmark saves drafts into (demo units, current month). */
  submitSlots: Slot[];
  /** Slots the month-end burst submits (10 per burst user, each user's of its own district, none of them written yet). */
  burstSlots: Slot[];
  burstUsers: string[];
  burstNote: string;
};

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const factor = SCALES[args.scale];
  const today = shanghaiDate(new Date(args.now));
  const currentMonth = today.slice(0, 7);
  const log = (msg: string) => console.log(`[generate ${args.scale}] ${((Date.now() - started) / 1000).toFixed(1)}s ${msg}`);

  fs.rmSync(args.dataDir, { recursive: true, force: true });
  fs.mkdirSync(args.dataDir, { recursive: true });
  const db = openDatabase(databaseFile(args.dataDir));
  const sql = db.$client;
  // Bulk loading only: the server opens its own connection with synchronous=FULL.
  sql.pragma('synchronous = OFF');

  // 1. The real notice through the real importer, the reviewed indicators, the demo accounts.
  const seed = await seedIfEmpty(db, { demo: true });
  const planId = seed.plan?.planId;
  if (!planId) throw new Error('the seed did not create the plan');
  log(`plan ${planId}: ${seed.plan?.tasks} tasks, ${seed.indicators} indicators`);

  // 2. Reporting periods Jan–Dec (the notice was issued in September; the bench wants a full year).
  const admin = sql.prepare(`select id as userId, username, display_name as displayName, role, district_id as districtId, unit_id as unitId from users where username = 'admin'`).get() as Actor;
  const adminCtx = { db, actor: { ...admin, unitName: null }, now: new Date(args.now), today, meta: NO_META };
  const range = await setPeriodRange(adminCtx, { planId, from: `${today.slice(0, 4)}-01`, to: `${today.slice(0, 4)}-12` });
  if (!range.ok) throw new Error(range.error);

  const periods = sql.prepare('select id, month from reporting_periods where plan_id = ? order by month').all(planId) as { id: number; month: string }[];
  const current = periods.find((p) => p.month === currentMonth);
  if (!current) throw new Error(`no period for ${currentMonth}`);
  const previousMonth = periods[periods.indexOf(current) - 1];
  const demoUser = sql.prepare("select password_hash as hash from users where username = 'fgj'").get() as { hash: string };
  const insUser = sql.prepare('insert into users (district_id, username, display_name, password_hash, role, unit_id, must_change_password) values (1, ?, ?, ?, ?, ?, 0)');

  // 3. District 1's burst reporters: units leading the most tasks, 10 unwritten lead reports per
  //    user. The demo seed leaves the current month of every unit that has a reporter for people to
  //    fill in, so the burst users are created before it runs; the previous month is used too when
  //    the current one alone has too few slots (it has: 6 reporters fit one district).
  const demoUnitIds = new Set(
    (sql.prepare(`select unit_id from users where username in (${SUBMIT_USERS.map(() => '?').join(',')})`).all(...SUBMIT_USERS) as { unit_id: number }[]).map((r) => r.unit_id),
  );
  const leadRows = sql
    .prepare("select tu.unit_id as unitId, t.id as taskId, t.no as taskNo from task_units tu join tasks t on t.id = tu.task_id where tu.role = 'lead' and t.plan_id = ? order by t.no")
    .all(planId) as { unitId: number; taskId: number; taskNo: number }[];
  const leadsByUnit = new Map<number, { taskId: number; taskNo: number }[]>();
  for (const r of leadRows) leadsByUnit.set(r.unitId, [...(leadsByUnit.get(r.unitId) ?? []), { taskId: r.taskId, taskNo: r.taskNo }]);
  const candidates = [...leadsByUnit.entries()].filter(([unitId]) => !demoUnitIds.has(unitId)).sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
  const capacity = (months: number) => candidates.reduce((n, [, tasks]) => n + Math.floor((tasks.length * months) / BURST_PER_USER), 0);
  const burstMonths = capacity(1) >= BURST_USERS || !previousMonth ? [current] : [current, previousMonth];
  const ownBurstSlots: Slot[] = [];
  const ownBurstUsers: string[] = [];
  const burstUnitIds = new Set<number>();
  sql.transaction(() => {
    for (const [unitId, tasks] of candidates) {
      const slots = burstMonths.flatMap((p) => tasks.map((t) => ({ ...t, periodId: p.id, month: p.month })));
      for (let k = 0; k + BURST_PER_USER <= slots.length && ownBurstUsers.length < BURST_USERS; k += BURST_PER_USER) {
        const username = `bench_r${String(ownBurstUsers.length + 1).padStart(3, '0')}`;
        insUser.run(username, `压测填报员${ownBurstUsers.length + 1}`, demoUser.hash, 'reporter', unitId);
        ownBurstUsers.push(username);
        burstUnitIds.add(unitId);
        for (const s of slots.slice(k, k + BURST_PER_USER)) ownBurstSlots.push({ username, unitId, ...s });
      }
      if (ownBurstUsers.length >= BURST_USERS) break;
    }
  })();
  log(`burst slots of district 1: ${ownBurstUsers.length} reporters × ${BURST_PER_USER} (${burstMonths.map((p) => p.month).join(', ')})`);

  // 4. The demo seed's reports and parts for every month up to today.
  const demo = await seedDemoReports(db, planId, today);
  log(`demo seed: ${demo.reports} reports, ${demo.contributions} parts`);
  if (burstMonths.length > 1) {
    // The burst also fills the previous month for its units: leave those reports unwritten.
    const ids = [...burstUnitIds];
    sql.prepare(`delete from reports where period_id = ? and unit_id in (${ids.map(() => '?').join(',')})`).run(previousMonth!.id, ...ids);
  }

  // 5. One reporter for every other unit that has tasks (after the seed, which treats staffed units as "left for people").
  const staffed = new Set((sql.prepare('select distinct unit_id from users where unit_id is not null').all() as { unit_id: number }[]).map((r) => r.unit_id));
  const unitIdsWithTasks = (sql.prepare('select distinct unit_id from task_units').all() as { unit_id: number }[]).map((r) => r.unit_id);
  sql.transaction(() => {
    for (const unitId of unitIdsWithTasks) {
      if (staffed.has(unitId)) continue;
      insUser.run(`staff_${unitId}`, `填报员${unitId}`, demoUser.hash, 'reporter', unitId);
    }
  })();
  const staffOf = new Map((sql.prepare("select unit_id, min(id) as id from users where role in ('reporter','unit_head') and unit_id is not null group by unit_id").all() as { unit_id: number; id: number }[]).map((r) => [r.unit_id, r.id]));
  const supervisorId = (sql.prepare("select id from users where username = 'duchashi'").get() as { id: number }).id;
  const leaderId = (sql.prepare("select id from users where username = 'lingdao'").get() as { id: number }).id;
  const userIds = (sql.prepare('select id from users').all() as { id: number }[]).map((r) => r.id);
  log(`users: ${userIds.length}`);

  // 6. Extras, in bulk (the random draws are district 1's at every scale).
  const r = rng(20231222 + 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
  const allTasks = sql.prepare('select id, no from tasks where plan_id = ?').all(planId) as { id: number; no: number }[];
  const leadUnitsOf = new Map<number, number[]>();
  for (const l of leadRows) leadUnitsOf.set(l.taskId, [...(leadUnitsOf.get(l.taskId) ?? []), l.unitId]);
  const nowMs = Date.parse(args.now);
  const yearStart = Date.parse(`${today.slice(0, 4)}-01-01T00:00:00+08:00`);

  sql.transaction(() => {
    // Snapshots: every submission, return and approval, as the services write them.
    const content = `json_object('progress', r.progress, 'percentDone', r.percent_done, 'problems', r.problems, 'nextSteps', r.next_steps, 'indicators',
        (select json_group_array(json_object('name', i.name, 'unit', i.unit, 'value', v.value)) from report_indicator_values v join indicators i on i.id = v.indicator_id where v.report_id = r.id))`;
    // About one in ten reports now waiting for review was returned once before (a resubmission).
    sql.exec(`insert into submission_snapshots (owner_type, owner_id, event, content, comment, actor_id, at)
      select 'report', r.id, 'submitted', ${content}, null, r.submitted_by, r.submitted_at - 6 * 86400000 from reports r where r.status = 'submitted' and r.id % 10 = 3`);
    sql.exec(`insert into submission_snapshots (owner_type, owner_id, event, content, comment, actor_id, at)
      select 'report', r.id, 'returned', ${content}, '请补充具体数据和完成节点。', ${supervisorId}, r.submitted_at - 4 * 86400000 from reports r where r.status = 'submitted' and r.id % 10 = 3`);
    sql.exec(`insert into submission_snapshots (owner_type, owner_id, event, content, comment, actor_id, at)
      select 'report', r.id, 'submitted', ${content}, null, r.submitted_by, r.submitted_at from reports r where r.submitted_at is not null`);
    sql.exec(`insert into submission_snapshots (owner_type, owner_id, event, content, comment, actor_id, at)
      select 'report', r.id, case r.status when 'approved' then 'approved' else 'returned' end, ${content}, r.review_comment, r.reviewed_by, r.reviewed_at
      from reports r where r.status in ('approved', 'returned') and r.reviewed_at is not null`);
    sql.exec(`insert into submission_snapshots (owner_type, owner_id, event, content, comment, actor_id, at)
      select 'contribution', c.id, 'submitted', json_object('content', c.content), null, c.submitted_by, c.submitted_at from contributions c where c.submitted_at is not null`);

    // Attachment metadata (the files themselves are not needed by any page measured).
    const insAtt = sql.prepare('insert into attachments (owner_type, owner_id, unit_id, task_id, sha256, size, mime, file_name, uploaded_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const hex = () => Array.from({ length: 4 }, () => Math.floor(r() * 2 ** 32).toString(16).padStart(8, '0')).join('').repeat(2);
    const FILES = [
      ['application/pdf', '佐证材料.pdf'],
      ['image/jpeg', '现场照片.jpg'],
      ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', '工作总结.docx'],
      ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '数据台账.xlsx'],
    ] as const;
    type Owner = { id: number; unit_id: number; task_id: number; submitted_at: number; kind: 'report' | 'contribution' };
    const owners: Owner[] = [
      ...(sql.prepare('select id, unit_id, task_id, submitted_at from reports where submitted_at is not null').all() as Owner[]).map((o) => ({ ...o, kind: 'report' as const })),
      ...(sql.prepare('select id, unit_id, task_id, submitted_at from contributions where submitted_at is not null').all() as Owner[]).map((o) => ({ ...o, kind: 'contribution' as const })),
    ];
    for (const o of owners) {
      const n = o.kind === 'report' ? (r() < 0.45 ? 1 + Math.floor(r() * 2) : 0) : r() < 0.15 ? 1 : 0;
      for (let k = 0; k < n; k++) {
        const [mime, name] = pick(FILES);
        insAtt.run(o.kind, o.id, o.unit_id, o.task_id, hex(), 40_000 + Math.floor(r() * 4_000_000), mime, name, staffOf.get(o.unit_id) ?? supervisorId, o.submitted_at - 3_600_000);
      }
    }

    // 督办单 with their targets, notes.
    const insNotice = sql.prepare(
      `insert into supervision_notices (district_id, year, seq, task_id, level, trigger_rule, trigger_reason, problem, requirement, due_date, status, issued_by, issued_at, closed_by, closed_at)
       values (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insTarget = sql.prepare('insert into notice_targets (notice_id, unit_id, status, response, responded_at, responded_by, review_comment, reviewed_at) values (?, ?, ?, ?, ?, ?, ?, ?)');
    const insNote = sql.prepare('insert into notice_notes (notice_id, kind, content, author_id, at) values (?, ?, ?, ?, ?)');
    const noticeCount = Math.round(allTasks.length * 0.12);
    for (let seq = 1; seq <= noticeCount; seq++) {
      const task = pick(allTasks);
      const issuedAt = yearStart + Math.floor(r() * (nowMs - yearStart - 10 * 86_400_000));
      const due = shanghaiDate(new Date(issuedAt + (7 + Math.floor(r() * 20)) * 86_400_000));
      const closed = due < today && r() < 0.6;
      const level = pick(['hint', 'yellow', 'red'] as const);
      const id = Number(
        insNotice.run(
          Number(today.slice(0, 4)),
          seq,
          task.id,
          level,
          r() < 0.5 ? 'late.lead.overdue' : null,
          r() < 0.5 ? '牵头单位月度进展已逾期未报送' : null,
          '月度进展报送不及时，部分目标推进滞后。',
          '请于限期内报送整改情况及佐证材料。',
          due,
          closed ? 'closed' : 'open',
          supervisorId,
          issuedAt,
          closed ? supervisorId : null,
          closed ? Date.parse(`${due}T10:00:00+08:00`) + 86_400_000 : null,
        ).lastInsertRowid,
      );
      for (const unitId of (leadUnitsOf.get(task.id) ?? []).slice(0, 3)) {
        const status = closed ? 'accepted' : pick(['pending', 'pending', 'answered', 'sent_back', 'accepted'] as const);
        const answered = status !== 'pending';
        const respondedAt = answered ? Math.min(nowMs, Date.parse(`${due}T10:00:00+08:00`) - Math.floor(r() * 5) * 86_400_000) : null;
        insTarget.run(id, unitId, status, answered ? '已按要求完成整改，相关佐证材料已上传。' : '', respondedAt, answered ? (staffOf.get(unitId) ?? null) : null, status === 'sent_back' ? '整改不到位，请补充。' : null, status === 'accepted' || status === 'sent_back' ? respondedAt : null);
      }
      if (r() < 0.2) insNote.run(id, 'interview', '约谈单位主要负责人，督促加快推进。', supervisorId, issuedAt + 5 * 86_400_000);
    }

    // 人工亮灯, 领导批示 and receipts.
    const insFlag = sql.prepare('insert into task_flags (task_id, level, reason, raised_by, raised_at, lifted_by, lifted_at, lift_reason) values (?, ?, ?, ?, ?, ?, ?, ?)');
    const insInstr = sql.prepare('insert into instructions (task_id, author_id, content, created_at) values (?, ?, ?, ?)');
    const insReceipt = sql.prepare('insert into instruction_receipts (instruction_id, unit_id, acknowledged_at, acknowledged_by, reply, replied_at) values (?, ?, ?, ?, ?, ?)');
    for (const task of allTasks) {
      if (r() < 0.03) {
        const at = nowMs - Math.floor(r() * 60) * 86_400_000;
        const lifted = r() < 0.3;
        insFlag.run(task.id, pick(['yellow', 'red'] as const), '推进明显滞后，需重点关注。', supervisorId, at, lifted ? supervisorId : null, lifted ? at + 7 * 86_400_000 : null, lifted ? '已整改到位。' : null);
      }
      if (r() < 0.04) {
        const at = nowMs - Math.floor(r() * 90) * 86_400_000;
        const iid = Number(insInstr.run(task.id, leaderId, '请责任单位加快推进，确保年底前完成目标任务。', at).lastInsertRowid);
        for (const unitId of leadUnitsOf.get(task.id) ?? []) {
          const ack = r() < 0.7;
          insReceipt.run(iid, unitId, ack ? at + 86_400_000 : null, ack ? (staffOf.get(unitId) ?? null) : null, ack && r() < 0.5 ? '已安排专人落实。' : null, null);
        }
      }
    }

    // Notifications: a few per user, some unread.
    const insNotif = sql.prepare('insert into notifications (user_id, kind, title, body, link, urgent, created_at, read_at) values (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const userId of userIds) {
      const n = 3 + Math.floor(r() * 8);
      for (let k = 0; k < n; k++) {
        const at = nowMs - Math.floor(r() * 120) * 86_400_000;
        const t = pick(allTasks);
        insNotif.run(userId, 'deadline', '月度进展即将截止', `任务 ${t.no} 的月度进展尚未报送`, `/my/tasks/${t.no}`, 0, at, r() < 0.6 ? at + 3_600_000 : null);
      }
    }

    // Audit log: the events behind the rows above, then ordinary traffic (views, downloads,
    // logins) up to the scale's target.
    const insAudit = sql.prepare('insert into audit_log (at, actor_id, actor_name, action, entity_type, entity_id, task_id, unit_id, detail, ip) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    let audit = 0;
    const reportsForAudit = sql.prepare('select id, task_id, unit_id, period_id, status, updated_at, submitted_at, reviewed_at, version from reports').all() as Record<string, number | string | null>[];
    for (const rep of reportsForAudit) {
      const actor = staffOf.get(rep.unit_id as number) ?? null;
      insAudit.run(rep.updated_at, actor, '填报员', 'report.save', 'report', rep.id, rep.task_id, rep.unit_id, JSON.stringify({ periodId: rep.period_id, version: 1 }), '10.0.0.8');
      audit++;
      if (rep.submitted_at) {
        insAudit.run(rep.submitted_at, actor, '填报员', 'report.submit', 'report', rep.id, rep.task_id, rep.unit_id, JSON.stringify({ periodId: rep.period_id, version: 2 }), '10.0.0.8');
        audit++;
      }
      if (rep.reviewed_at) {
        insAudit.run(rep.reviewed_at, supervisorId, '王督查', rep.status === 'returned' ? 'report.return' : 'report.approve', 'report', rep.id, rep.task_id, rep.unit_id, null, '10.0.0.9');
        audit++;
      }
    }
    const ACTIONS = ['attachment.download', 'attachment.upload', 'contribution.save', 'contribution.submit', 'report.save', 'login.success', 'export.ledger'] as const;
    while (audit < AUDIT_PER_DISTRICT) {
      const action = pick(ACTIONS);
      const task = pick(allTasks);
      const unitId = pick(leadUnitsOf.get(task.id) ?? [null]);
      const at = yearStart + Math.floor(r() * (nowMs - yearStart));
      const isLogin = action === 'login.success' || action === 'export.ledger';
      insAudit.run(at, staffOf.get(unitId ?? -1) ?? supervisorId, '填报员', action, isLogin ? 'user' : action.split('.')[0], Math.floor(r() * 100_000), isLogin ? null : task.id, isLogin ? null : unitId, isLogin ? JSON.stringify({ username: 'x' }) : null, '10.0.0.8');
      audit++;
    }
  })();
  log('extras written');

  // 7. The other districts: copies of district 1 under their own ids, accounts and numbering.
  const clones = cloneDistricts(sql, factor, log);

  // The submit benchmark's drafts: district 1's demo reporters' lead tasks of the current month.
  const submitSlots: Slot[] = [];
  for (const username of SUBMIT_USERS) {
    const unitId = (sql.prepare('select unit_id from users where username = ?').get(username) as { unit_id: number }).unit_id;
    for (const t of leadsByUnit.get(unitId) ?? []) submitSlots.push({ username, unitId, ...t, periodId: current.id, month: current.month });
  }

  // The month-end burst from as many districts as the scale has: an equal share per district
  // (100 at the district, 10 each at the city, 1 each at the province), each reporter submitting
  // unwritten lead reports of its own district. Every district has district 1's burst reporters;
  // beyond district 1 its demo reporters' current month is free as well (the submit benchmark
  // uses district 1's), which a demo reporter takes when its unit leads 10 tasks.
  type Share = { username: string; slots: Slot[] };
  const ownShares: Share[] = ownBurstUsers.map((username) => ({ username, slots: ownBurstSlots.filter((s) => s.username === username) }));
  const demoShares: Share[] = SUBMIT_USERS.map((username) => ({ username, slots: submitSlots.filter((s) => s.username === username).slice(0, BURST_PER_USER) })).filter((x) => x.slots.length === BURST_PER_USER);
  const perDistrict = Math.ceil(BURST_USERS / factor);
  const burstSlots: Slot[] = [];
  const burstUsers: string[] = [];
  const burstDistricts = new Set<number>();
  for (let d = 1; d <= factor && burstUsers.length < BURST_USERS; d++) {
    const shares = d === 1 ? ownShares : [...ownShares, ...demoShares];
    for (const share of shares.slice(0, Math.min(perDistrict, BURST_USERS - burstUsers.length))) {
      const username = districtUsername(d, share.username);
      burstUsers.push(username);
      burstDistricts.add(d);
      for (const s of share.slots) {
        burstSlots.push({ username, unitId: clones.idIn('units', s.unitId, d), taskId: clones.idIn('tasks', s.taskId, d), taskNo: s.taskNo, periodId: clones.idIn('reporting_periods', s.periodId, d), month: s.month });
      }
    }
  }
  const burstMonthList = [...new Set(burstSlots.map((s) => s.month))].sort().reverse();
  const burstNote =
    factor === 1
      ? burstUsers.length < BURST_USERS
        ? `only ${burstUsers.length} reporters × ${BURST_PER_USER} unwritten lead reports fit this plan (${burstMonthList.join(', ')})`
        : `${burstUsers.length} reporters × ${BURST_PER_USER} lead reports of ${burstMonthList.join(' and ')}`
      : `${burstUsers.length} reporters from ${burstDistricts.size} districts × ${BURST_PER_USER} lead reports of their own district (${burstMonthList.join(', ')})` +
        (burstUsers.length < BURST_USERS ? `; only ${ownShares.length} reporters fit district 1 and ${ownShares.length + demoShares.length} each other district` : '');
  log(`burst: ${burstNote}`);

  const taken = sql.prepare('select count(*) as n from reports where task_id = ? and period_id = ? and unit_id = ?');
  const free = (s: Slot) => (taken.get(s.taskId, s.periodId, s.unitId) as { n: number }).n === 0;
  if (!submitSlots.every(free) || !burstSlots.every(free)) throw new Error('benchmark slots must start unwritten');
  // Each slot a lead task of the reporter's own unit, in a period of its own district's plan.
  const slotCheck = sql.prepare(
    `select count(*) as n from users u join task_units tu on tu.unit_id = u.unit_id and tu.role = 'lead' join tasks t on t.id = tu.task_id and t.district_id = u.district_id
     join reporting_periods p on p.plan_id = t.plan_id where u.username = ? and u.unit_id = ? and t.id = ? and t.no = ? and p.id = ? and p.month = ?`,
  );
  const bad = [...submitSlots, ...burstSlots].find((s) => (slotCheck.get(s.username, s.unitId, s.taskId, s.taskNo, s.periodId, s.month) as { n: number }).n !== 1);
  if (bad) throw new Error(`benchmark slot does not match the data: ${JSON.stringify(bad)}`);

  const counts: Record<string, number> = {};
  for (const table of [
    'districts',
    'plans',
    'units',
    'tasks',
    'task_units',
    'users',
    'reporting_periods',
    'indicators',
    'reports',
    'report_indicator_values',
    'contributions',
    'submission_snapshots',
    'attachments',
    'supervision_notices',
    'notice_targets',
    'task_flags',
    'instructions',
    'notifications',
    'audit_log',
  ]) {
    counts[table] = (sql.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  }
  sql.pragma('wal_checkpoint(TRUNCATE)');
  closeDatabase(db);
  counts.dbBytes = fs.statSync(databaseFile(args.dataDir)).size;
  log(`done: ${JSON.stringify(counts)}`);
  if (counts.audit_log! < AUDIT_TARGET[args.scale]) throw new Error(`audit_log: ${counts.audit_log} rows, the ${args.scale} needs ${AUDIT_TARGET[args.scale]}`);

  const meta: BenchMeta = {
    scale: args.scale,
    factor,
    districts: factor,
    now: args.now,
    today,
    dataDir: args.dataDir,
    planId,
    generatedMs: Date.now() - started,
    counts,
    password: DEMO_PASSWORD,
    submitSlots,
    burstSlots,
    burstUsers,
    burstNote,
  };
  if (args.meta) fs.writeFileSync(args.meta, JSON.stringify(meta, null, 2));
}

// --- the other districts ------------------------------------------------------------------------

/**
 * Copies district 1 (everything the generator wrote through the importer, the demo seed and the
 * bulk extras) into districts 2…N of the same SQLite database, in bulk SQL: one INSERT … SELECT
 * per table for all copies at once. Every district then looks exactly like district 1 under its
 * own ids, as if its office had imported the same notice and lived through the same year.
 *
 * Ids: copy k (1 … N-1) of a row of table T gets id + k × offset(T), offset(T) being T's largest id
 * before copying, so no copy collides with another or with district 1; every reference follows:
 * the foreign keys (read from the database, so a table or column added later is covered), and the
 * ids no foreign key declares, as db/copy-district.ts lists them (polymorphic owners, the audit
 * log's ids, notification links and dedupe keys). District k+1 is districts.id = k + 1.
 *
 * Not copied: the deployment's own rows (settings, sessions, login throttling, the data
 * generation and the task versions, which triggers write as rows arrive, the migrations) and its
 * accounts (users without a district, e.g. 安全/审计管理员); a reference to one of those accounts
 * stays as it is, and rows that belong to one (a NOT NULL reference: their notifications) are not
 * copied. Usernames get a district prefix (`d002-duchashi`)
 * because they are unique across the deployment.
 */

const SKIP = new Set(['__drizzle_migrations', 'sqlite_sequence', 'data_generation', 'task_versions', 'settings', 'login_throttle', 'user_sessions', 'districts']);

/** Polymorphic owner columns, as db:copy remaps them: owner type → table of owner_id (one owner column per table). */
const OWNER_TABLES: Record<string, Record<string, string>> = Object.fromEntries(
  Object.entries(POLYMORPHIC).map(([table, columns]) => {
    if (columns.length !== 1 || columns[0]!.column !== 'ownerId') throw new Error(`bench/generate.ts: ${table} 的多态字段不是单个 owner_id，请更新克隆逻辑`);
    return [table, columns[0]!.tables];
  }),
);

/** Tables whose text holds ids this copier does not rewrite: the generator leaves them empty. */
const MUST_BE_EMPTY = ['month_sign_offs', 'assessment_month_scores'];

const districtUsername = (district: number, username: string) => (district === 1 ? username : `d${String(district).padStart(3, '0')}-${username}`);

type Clones = {
  /** The id of district 1's row `id` of `table` in district `district` (1-based). */
  idIn: (table: string, id: number, district: number) => number;
  /** Rows written per table (all copies). */
  written: Record<string, number>;
};

function cloneDistricts(sql: BetterSqlite3.Database, count: number, log: (msg: string) => void): Clones {
  const districts = sql.prepare('select id, code, name, office_name, created_at from districts').all() as { id: number; code: string; name: string; office_name: string; created_at: number }[];
  if (districts.length !== 1 || districts[0]!.id !== 1) throw new Error('cloneDistricts: the database must hold district 1 only');
  const tables = (sql.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as { name: string }[]).map((r) => r.name);
  const offset = new Map<string, number>([['districts', 1]]);
  for (const t of tables) {
    const cols = sql.prepare(`pragma table_info("${t}")`).all() as { name: string; pk: number }[];
    if (cols.some((c) => c.name === 'id' && c.pk === 1) && cols.filter((c) => c.pk > 0).length === 1) {
      offset.set(t, (sql.prepare(`select coalesce(max(id), 0) as n from "${t}"`).get() as { n: number }).n);
    }
  }
  const idIn = (table: string, id: number, district: number) => {
    const off = offset.get(table);
    if (off === undefined) throw new Error(`cloneDistricts: ${table} has no id`);
    return id + (district - 1) * off;
  };
  const written: Record<string, number> = {};
  if (count <= 1) return { idIn, written };
  for (const t of MUST_BE_EMPTY) {
    if (tables.includes(t) && (sql.prepare(`select count(*) as n from "${t}"`).get() as { n: number }).n > 0) throw new Error(`cloneDistricts: ${t} holds ids inside text that this copier does not rewrite`);
  }

  // Deployment-level accounts keep their ids wherever they are referenced.
  const deploymentUsers = (sql.prepare('select id from users where district_id is null').all() as { id: number }[]).map((r) => r.id);
  const shift = (column: string, table: string): string => {
    const off = offset.get(table);
    if (off === undefined) throw new Error(`cloneDistricts: a reference to ${table}, which is not copied`);
    const moved = `${column} + ks.k * ${off}`;
    return table === 'users' && deploymentUsers.length ? `case when ${column} in (${deploymentUsers.join(',')}) then ${column} else ${moved} end` : moved;
  };
  const byType = (typeColumn: string, column: string, map: Record<string, string>, otherwise: string) =>
    `case ${typeColumn} ${Object.entries(map)
      .filter(([, table]) => offset.has(table))
      .map(([type, table]) => `when '${type}' then ${shift(column, table)}`)
      .join(' ')} else ${otherwise} end`;

  // Notification links name a task or a notice by id (lib/**: /tasks/<id>, /my/tasks/<id>, /notices/<id>);
  // dedupe keys end with the user's id (":u<id>"), unique across the deployment.
  sql.function('bench_clone_link', { deterministic: true }, (value: unknown, k: unknown) => {
    if (typeof value !== 'string') return value;
    const m = /^(\/(?:my\/)?tasks\/|\/notices\/)(\d+)(.*)$/s.exec(value);
    if (!m) return value;
    return `${m[1]}${Number(m[2]) + Number(k) * offset.get(m[1]!.endsWith('tasks/') ? 'tasks' : 'supervision_notices')!}${m[3]}`;
  });
  sql.function('bench_clone_dedupe', { deterministic: true }, (value: unknown, k: unknown) => {
    if (typeof value !== 'string') return value;
    return value.replace(/:u(\d+)$/, (_, id: string) => `:u${Number(id) + Number(k) * offset.get('users')!}`);
  });

  sql.pragma('foreign_keys = OFF');
  sql.transaction(() => {
    const d1 = districts[0]!;
    const insDistrict = sql.prepare('insert into districts (id, code, name, office_name, created_at) values (?, ?, ?, ?, ?)');
    for (let d = 2; d <= count; d++) {
      const name = `河东${d}区`;
      insDistrict.run(d, String(379000 + d), name, `${name}人民政府督查室`, d1.created_at);
    }
    const ks = `(with recursive ks(k) as (select 1 union all select k + 1 from ks where k < ${count - 1}) select k from ks) ks`;
    for (const t of tables) {
      if (SKIP.has(t)) continue;
      const cols = (sql.prepare(`pragma table_info("${t}")`).all() as { name: string; notnull: number }[]).map((c) => ({ name: c.name, notNull: c.notnull === 1 }));
      const fks = new Map((sql.prepare(`pragma foreign_key_list("${t}")`).all() as { from: string; table: string }[]).map((f) => [f.from, f.table]));
      const where: string[] = [];
      const exprs = cols.map(({ name, notNull }) => {
        const c = `"${name}"`;
        const parent = fks.get(name);
        if (name === 'id' && offset.has(t)) return shift(c, t);
        if (parent === 'districts') return `${c} + ks.k`;
        if (parent) {
          // A row owned by a deployment account (its notifications) is that account's, not the district's.
          if (parent === 'users' && notNull && deploymentUsers.length) where.push(`${c} not in (${deploymentUsers.join(',')})`);
          return shift(c, parent);
        }
        if (t === 'users' && name === 'username') return `'d' || printf('%03d', ks.k + 1) || '-' || ${c}`;
        if (OWNER_TABLES[t] && name === 'owner_id') return byType('owner_type', c, OWNER_TABLES[t]!, c);
        if (t === 'audit_log') {
          if (name === 'actor_id') return shift(c, 'users');
          if (name === 'task_id') return shift(c, 'tasks');
          if (name === 'unit_id') return shift(c, 'units');
          if (name === 'entity_id') return byType('entity_type', c, AUDIT_ENTITY_TABLES, c);
        }
        if (t === 'notifications' && name === 'link') return `bench_clone_link(${c}, ks.k)`;
        if (t === 'notifications' && name === 'dedupe_key') return `bench_clone_dedupe(${c}, ks.k)`;
        return c;
      });
      if (t === 'users') where.push('district_id = 1');
      const list = cols.map((c) => `"${c.name}"`).join(', ');
      const from = `from ${ks} cross join "${t}"${where.length ? ` where ${where.join(' and ')}` : ''} order by ks.k${offset.has(t) ? ', "id"' : ''}`;
      written[t] = sql.prepare(`insert into "${t}" (${list}) select ${exprs.join(', ')} ${from}`).run().changes;
    }
  })();
  log(`copied district 1 into ${count - 1} more: ${Object.entries(written)
    .filter(([, n]) => n)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ')}`);
  const broken = sql.pragma('foreign_key_check') as unknown[];
  if (broken.length) throw new Error(`cloneDistricts: ${broken.length} broken references, e.g. ${JSON.stringify(broken.slice(0, 3))}`);
  sql.pragma('foreign_keys = ON');
  return { idIn, written };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
