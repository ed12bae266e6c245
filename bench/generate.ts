/**
 * Synthetic data for the benchmark, written through the real schema (migrations, importer, demo
 * seed), at three scales:
 *
 *   district  the real 2023 notice (77 tasks, 52 units) with the demo accounts and the demo seed's
 *             reports and parts for every month Jan–Dec up to "today"
 *   city      the same plan replicated ×10 (770 tasks, 520 units)
 *   province  ×100 (7,700 tasks, 5,200 units), ≥ 1M audit rows
 *
 * Usage: tsx bench/generate.ts --scale district|city|province --data-dir DIR [--now ISO] [--meta FILE]
 *
 * The data directory is wiped first. Everything goes through the real migrations; the plan comes
 * from the real importer (`seedIfEmpty`), the months' reports from the real demo seed
 * (`seedDemoReports`); replication and the extra tables (snapshots, notices and their targets,
 * attachment metadata, flags, instructions, notifications, audit log) are bulk inserts in
 * transactions. Writes a JSON description (users, the slots the submit benchmark and the
 * month-end burst will fill, row counts) to --meta.
 */
import fs from 'node:fs';
import path from 'node:path';
import { closeDatabase, databaseFile, openDatabase } from '@/db/client';
import { NO_META } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { setPeriodRange } from '@/lib/reporting/period-service';
import { seedDemoReports } from '@/lib/seed/demo-reports';
import { DEMO_PASSWORD } from '@/lib/seed/demo-accounts';
import { seedIfEmpty } from '@/lib/seed/seed';
import { shanghaiDate } from '@/lib/reporting/calendar';
import { rng } from '@/lib/seed/rng';

export const SCALES = { district: 1, city: 10, province: 100 } as const;
export type ScaleName = keyof typeof SCALES;

/** Audit rows wanted per scale (the province needs at least one million). */
const AUDIT_TARGET: Record<ScaleName, number> = { district: 12_000, city: 120_000, province: 1_050_000 };
/** Month-end burst: 100 reporters, 10 submissions each. */
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
  now: string;
  today: string;
  dataDir: string;
  planId: number;
  generatedMs: number;
  counts: Record<string, number>;
  password: string;
  /** Slots the submit benchmark saves drafts into (demo units, current month). */
  submitSlots: Slot[];
  /** Slots the month-end burst submits (10 per burst user, none of them written yet). */
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

  // 3. Replicate the plan ×factor: every unit, task, unit link and indicator gets factor-1 copies.
  const baseUnits = sql.prepare('select id, name, kind from units order by id').all() as { id: number; name: string; kind: string }[];
  const baseTasks = sql.prepare('select id, section_id, no, title, text, open_ended from tasks where plan_id = ? order by no').all(planId) as {
    id: number;
    section_id: number;
    no: number;
    title: string;
    text: string;
    open_ended: number;
  }[];
  const baseLinks = sql.prepare('select task_id, unit_id, role, position from task_units').all() as { task_id: number; unit_id: number; role: string; position: number }[];
  const baseIndicators = sql.prepare("select * from indicators where status = 'confirmed'").all() as Record<string, unknown>[];
  const maxNo = Math.max(...baseTasks.map((t) => t.no));
  if (factor > 1) {
    const insUnit = sql.prepare('insert into units (district_id, name, kind, active) values (1, ?, ?, 1)');
    const insTask = sql.prepare('insert into tasks (district_id, plan_id, section_id, no, title, text, open_ended) values (1, ?, ?, ?, ?, ?, ?)');
    const insLink = sql.prepare('insert into task_units (task_id, unit_id, role, position) values (?, ?, ?, ?)');
    const insInd = sql.prepare(
      'insert into indicators (task_id, name, target, target_max, unit, comparator, source_phrase, status, position) values (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    sql.transaction(() => {
      for (let c = 1; c < factor; c++) {
        const unitMap = new Map<number, number>();
        for (const u of baseUnits) unitMap.set(u.id, Number(insUnit.run(`${u.name}（片区${c + 1}）`, u.kind).lastInsertRowid));
        const taskMap = new Map<number, number>();
        for (const t of baseTasks) taskMap.set(t.id, Number(insTask.run(planId, t.section_id, c * maxNo + t.no, t.title, t.text, t.open_ended).lastInsertRowid));
        for (const l of baseLinks) insLink.run(taskMap.get(l.task_id), unitMap.get(l.unit_id), l.role, l.position);
        for (const i of baseIndicators) {
          insInd.run(taskMap.get(i.task_id as number), i.name, i.target, i.target_max, i.unit, i.comparator, i.source_phrase, i.status, i.position);
        }
      }
    })();
    log(`replicated ×${factor}`);
  }

  const periods = sql.prepare('select id, month from reporting_periods where plan_id = ? order by month').all(planId) as { id: number; month: string }[];
  const current = periods.find((p) => p.month === currentMonth);
  if (!current) throw new Error(`no period for ${currentMonth}`);
  const previousMonth = periods[periods.indexOf(current) - 1];
  const demoUser = sql.prepare("select password_hash as hash from users where username = 'fgj'").get() as { hash: string };
  const insUser = sql.prepare('insert into users (district_id, username, display_name, password_hash, role, unit_id, must_change_password) values (1, ?, ?, ?, ?, ?, 0)');

  // 4. Burst reporters: units leading the most tasks, 10 unwritten lead reports per user. The demo
  //    seed leaves the current month of every unit that has a reporter for people to fill in, so
  //    the burst users are created before it runs; the previous month is used too when the current
  //    one alone has too few slots (the district and city plans).
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
  const burstSlots: Slot[] = [];
  const burstUsers: string[] = [];
  const burstUnitIds = new Set<number>();
  sql.transaction(() => {
    for (const [unitId, tasks] of candidates) {
      const slots = burstMonths.flatMap((p) => tasks.map((t) => ({ ...t, periodId: p.id, month: p.month })));
      for (let k = 0; k + BURST_PER_USER <= slots.length && burstUsers.length < BURST_USERS; k += BURST_PER_USER) {
        const username = `bench_r${String(burstUsers.length + 1).padStart(3, '0')}`;
        insUser.run(username, `压测填报员${burstUsers.length + 1}`, demoUser.hash, 'reporter', unitId);
        burstUsers.push(username);
        burstUnitIds.add(unitId);
        for (const s of slots.slice(k, k + BURST_PER_USER)) burstSlots.push({ username, unitId, ...s });
      }
      if (burstUsers.length >= BURST_USERS) break;
    }
  })();
  const burstNote =
    burstUsers.length < BURST_USERS
      ? `only ${burstUsers.length} reporters × ${BURST_PER_USER} unwritten lead reports fit this plan (${burstMonths.map((p) => p.month).join(', ')})`
      : `${burstUsers.length} reporters × ${BURST_PER_USER} lead reports of ${burstMonths.map((p) => p.month).join(' and ')}`;
  log(`burst: ${burstNote}`);

  // 5. The demo seed's reports and parts for every month up to today.
  const demo = await seedDemoReports(db, planId, today);
  log(`demo seed: ${demo.reports} reports, ${demo.contributions} parts`);
  if (burstMonths.length > 1) {
    // The burst also fills the previous month for its units: leave those reports unwritten.
    const ids = [...burstUnitIds];
    sql.prepare(`delete from reports where period_id = ? and unit_id in (${ids.map(() => '?').join(',')})`).run(previousMonth!.id, ...ids);
  }

  // 6. One reporter for every other unit that has tasks (after the seed, which treats staffed units as "left for people").
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

  // 7. Extras, in bulk.
  const r = rng(20231222 + factor);
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
    const target = AUDIT_TARGET[args.scale];
    while (audit < target) {
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

  // The submit benchmark's drafts: the demo reporters' lead tasks of the current month.
  const submitSlots: Slot[] = [];
  for (const username of SUBMIT_USERS) {
    const unitId = (sql.prepare('select unit_id from users where username = ?').get(username) as { unit_id: number }).unit_id;
    for (const t of leadsByUnit.get(unitId) ?? []) submitSlots.push({ username, unitId, ...t, periodId: current.id, month: current.month });
  }
  const taken = sql.prepare('select count(*) as n from reports where task_id = ? and period_id = ? and unit_id = ?');
  const free = (s: Slot) => (taken.get(s.taskId, s.periodId, s.unitId) as { n: number }).n === 0;
  if (!submitSlots.every(free) || !burstSlots.every(free)) throw new Error('benchmark slots must start unwritten');

  const counts: Record<string, number> = {};
  for (const table of [
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

  const meta: BenchMeta = {
    scale: args.scale,
    factor,
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

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
