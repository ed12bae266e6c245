/**
 * The floor: what each measured page costs with no framework at all. The same data as the page
 * (the same tables, the same filters, the same warning rules from lib/warnings/rules.ts) read with
 * better-sqlite3 prepared statements, joined in Maps in linear time, rendered to a minimal HTML
 * string and served by plain node:http. No React, no Next.js, no JWT: the caller names the user
 * in a `bench_user` cookie and the floor does the same user + unit lookup and unread count the app's
 * layout does. Every read is scoped to the user's district (行政区) as the app's services scope it
 * (tasks.district_id, units.district_id, plans.district_id, the district's own settings), so in a
 * database of many districts a district's pages cost what one district's data costs.
 *
 * Usage: tsx bench/floor.ts --data-dir DIR --port N [--now ISO]
 *
 * Routes: GET /tasks /my /review /overdue /dashboard /tasks/:no, and POST /my/tasks/:no (the body
 * the browser posts to the save/submit server action: [input, "save" | "submit"]), which runs the
 * same transaction as saveReport and then re-reads the editor page's data, as the action's
 * revalidation does.
 */
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { completionRatio } from '@/lib/indicators/indicator-service';
import { daysUntil, isOnTime, isPeriodOpen, monthLabel, pickCurrentPeriod, shanghaiDate } from '@/lib/reporting/calendar';
import { DEFAULT_WARNING_SETTINGS, GREEN, lateSignal, paceSignal, returnedSignal, SIGNAL_LEVEL_ORDER, targetSignal, worstSignal, yearElapsedShare, type Signal, type WarningSettings } from '@/lib/warnings/rules';
import { addWorkingDays } from '@/lib/warnings/working-days';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const dataDir = path.resolve(arg('data-dir') ?? './data');
const port = Number(arg('port') ?? 3401);
const pinned = Date.parse(arg('now') ?? '2023-12-22T09:30:00+08:00');
const startedAt = Date.now();
const now = () => new Date(pinned + (Date.now() - startedAt));

const db = new Database(path.join(dataDir, 'app.db'));
db.pragma('journal_mode = WAL');
db.pragma('synchronous = FULL');
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');

type Row = Record<string, unknown>;
const stmts = new Map<string, Database.Statement>();
const q = (sql: string) => {
  let s = stmts.get(sql);
  if (!s) stmts.set(sql, (s = db.prepare(sql)));
  return s;
};
const all = <T = Row>(sql: string, ...params: unknown[]) => q(sql).all(...params) as T[];
const get = <T = Row>(sql: string, ...params: unknown[]) => q(sql).get(...params) as T | undefined;

// The same per-generation cache as lib/cache/generation-memo.ts: results are kept until a write
// (this connection's total_changes()) or another connection's commit (data_version).
const memoStore = new Map<string, { gen: string; value: unknown }>();
function memo<T>(key: string, fn: () => T): T {
  const gen = `${db.pragma('data_version', { simple: true })}:${get<{ n: number }>('select total_changes() as n')!.n}`;
  const hit = memoStore.get(key);
  if (hit && hit.gen === gen) return hit.value as T;
  const value = fn();
  memoStore.set(key, { gen, value });
  if (memoStore.size > 24) memoStore.delete(memoStore.keys().next().value!);
  return value;
}

const esc = (s: unknown) =>
  String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

type Actor = { userId: number; username: string; displayName: string; role: string; districtId: number; unitId: number | null; unitName: string | null };

function session(req: http.IncomingMessage): Actor | null {
  const m = /(?:^|;\s*)bench_user=([^;]+)/.exec(req.headers.cookie ?? '');
  if (!m) return null;
  const row = get<Actor & { active: number }>(
    `select u.id as userId, u.username, u.display_name as displayName, u.role, u.district_id as districtId, u.unit_id as unitId, un.name as unitName, u.active
     from users u left join units un on un.id = u.unit_id where u.username = ?`,
    decodeURIComponent(m[1]!),
  );
  // The measured pages are a district's: a deployment-level account (no district) has none of them.
  return row && row.active && row.districtId !== null ? row : null;
}

function layout(actor: Actor, title: string, body: string): string {
  const unread = get<{ n: number }>('select count(*) as n from notifications where user_id = ? and read_at is null', actor.userId)!.n;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title></head><body><header>${esc(actor.displayName)} 消息 ${unread}<nav><a href="/my">本单位任务</a> <a href="/dashboard">总览</a> <a href="/tasks">工作台账</a> <a href="/overdue">逾期</a> <a href="/review">审核</a></nav></header><main>${body}</main></body></html>`;
}

/** The district's current list (each district has its own). */
function currentPlan(districtId: number) {
  return get<{ id: number; code: string; title: string; year: number }>('select id, code, title, year from plans where district_id = ? order by year desc, id desc limit 1', districtId)!;
}

/** The district's warning rules and calendar (district_settings), else the defaults. */
function warningSettings(districtId: number): WarningSettings {
  const row = get<{ value: string }>("select value from district_settings where district_id = ? and key = 'warnings'", districtId);
  if (!row) return DEFAULT_WARNING_SETTINGS;
  const v = JSON.parse(row.value);
  return { ...v, calendar: { holidays: new Set(v.holidays), extraWorkdays: new Set(v.extraWorkdays) } };
}

type Period = { id: number; month: string; contribution_deadline: string; lead_deadline: string };
const periodsOf = (planId: number) => all<Period>('select id, month, contribution_deadline, lead_deadline from reporting_periods where plan_id = ? order by month', planId);

type Detail = Signal & { unitId: number; unitName: string; month?: string; kind: 'late' | 'pace' | 'target'; role?: string; dueOn?: string };
type Signals = { late: Signal; pace: Signal; target: Signal; flag: { level: string; reason: string } | null; details: Detail[] };

const group = <T, K>(rows: T[], key: (r: T) => K) => {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const list = m.get(key(r));
    if (list) list.push(r);
    else m.set(key(r), [r]);
  }
  return m;
};

/** As computeSignals: small sets directly, larger ones from the plan-wide result kept per generation. */
function signals(planId: number, today: string, s: WarningSettings, opts: { unitId?: number; taskIds?: number[] } = {}): Map<number, Signals> {
  if (opts.taskIds && opts.taskIds.length <= 200) return signalsNow(planId, today, s, opts);
  const all = memo(`signals|${planId}|${today}|${opts.unitId ?? '*'}`, () => signalsNow(planId, today, s, { unitId: opts.unitId }));
  if (!opts.taskIds) return all;
  const wanted = new Set(opts.taskIds);
  const out = new Map<number, Signals>();
  for (const [id, x] of all) if (wanted.has(id)) out.set(id, x);
  return out;
}

/** The three signals of each task, as lib/warnings/signal-service.ts computes them, in linear time. */
function signalsNow(planId: number, today: string, s: WarningSettings, opts: { unitId?: number; taskIds?: number[] } = {}): Map<number, Signals> {
  const year = get<{ year: number }>('select year from plans where id = ?', planId)!.year;
  const scope = opts.taskIds ? 'in (select value from json_each(?))' : 'in (select id from tasks where plan_id = ?)';
  const p = opts.taskIds ? JSON.stringify(opts.taskIds) : planId;
  const ids = opts.taskIds ? all<{ id: number }>(`select id from tasks where plan_id = ? and id ${scope}`, planId, p).map((r) => r.id) : all<{ id: number }>('select id from tasks where plan_id = ?', planId).map((r) => r.id);
  const out = new Map<number, Signals>();
  if (!ids.length) return out;
  const links = group(all<{ task_id: number; unit_id: number; role: string; name: string }>(`select tu.task_id, tu.unit_id, tu.role, u.name from task_units tu join units u on u.id = tu.unit_id where tu.task_id ${scope}`, p), (l) => l.task_id);
  const periods = periodsOf(planId).filter((x) => isPeriodOpen(x.month, today));
  const monthOf = new Map(periods.map((x) => [x.id, x.month]));
  type Rep = { task_id: number; unit_id: number; period_id: number; status: string; percent_done: number | null; reviewed_at: number | null };
  const key = (t: number, u: number, per: number) => `${t}:${u}:${per}`;
  const reps = all<Rep>(`select task_id, unit_id, period_id, status, percent_done, reviewed_at from reports where task_id ${scope}`, p);
  const repBy = new Map(reps.map((r) => [key(r.task_id, r.unit_id, r.period_id), r]));
  const parts = all<Rep>(`select task_id, unit_id, period_id, status, reviewed_at from contributions where task_id ${scope}`, p);
  const partBy = new Map(parts.map((r) => [key(r.task_id, r.unit_id, r.period_id), r]));
  const latestReport = new Map<string, Rep>();
  for (const r of reps) {
    if ((r.status !== 'submitted' && r.status !== 'approved') || !monthOf.has(r.period_id)) continue;
    const k = `${r.task_id}:${r.unit_id}`;
    const prev = latestReport.get(k);
    if (!prev || monthOf.get(r.period_id)! > monthOf.get(prev.period_id)!) latestReport.set(k, r);
  }
  const inds = group(all<{ id: number; task_id: number; name: string; target: number; comparator: 'at_least' | 'at_most' }>(`select id, task_id, name, target, comparator from indicators where task_id ${scope} and status = 'confirmed'`, p), (i) => i.task_id);
  const latestValue = new Map<number, { month: string; at: number; value: number }>();
  for (const v of all<{ indicator_id: number; value: number; period_id: number; submitted_at: number | null }>(
    `select v.indicator_id, v.value, r.period_id, r.submitted_at from report_indicator_values v join reports r on r.id = v.report_id where r.task_id ${scope} and r.status in ('submitted', 'approved')`,
    p,
  )) {
    const month = monthOf.get(v.period_id);
    if (!month) continue;
    const at = v.submitted_at ?? 0;
    const prev = latestValue.get(v.indicator_id);
    if (!prev || month > prev.month || (month === prev.month && at > prev.at)) latestValue.set(v.indicator_id, { month, at, value: v.value });
  }
  const flags = new Map<number, { id: number; level: string; reason: string }>();
  for (const f of all<{ id: number; task_id: number; level: string; reason: string }>(`select id, task_id, level, reason from task_flags where task_id ${scope} and lifted_at is null order by raised_at desc`, p)) {
    if (!flags.has(f.task_id)) flags.set(f.task_id, f);
  }
  const ctx = (sig: Signal, unitName: string, month?: string): Signal => ({ ...sig, reason: `${unitName}${month ? ` ${monthLabel(month)}` : ''}：${sig.reason}` });
  for (const taskId of ids) {
    const details: Detail[] = [];
    const late: Signal[] = [];
    const taskLinks = links.get(taskId) ?? [];
    for (const l of taskLinks) {
      if (opts.unitId !== undefined && l.unit_id !== opts.unitId) continue;
      const lead = l.role === 'lead';
      for (const per of periods) {
        const row = (lead ? repBy : partBy).get(key(taskId, l.unit_id, per.id));
        let sig: Signal;
        let dueOn = lead ? per.lead_deadline : per.contribution_deadline;
        if (row?.status === 'returned') {
          const returnedOn = row.reviewed_at ? shanghaiDate(new Date(row.reviewed_at)) : today;
          sig = returnedSignal({ returnedOn, resubmittedOn: null, today }, s);
          dueOn = addWorkingDays(returnedOn, s.resubmitWorkingDays, s.calendar);
        } else if (row?.status === 'submitted' || row?.status === 'approved') sig = GREEN;
        else sig = lateSignal({ kind: lead ? 'lead' : 'part', deadline: dueOn, submittedOn: null, today }, s);
        if (sig.level !== 'green') {
          const c = ctx(sig, l.name, per.month);
          late.push(c);
          details.push({ ...c, unitId: l.unit_id, unitName: l.name, month: per.month, kind: 'late', role: l.role, dueOn });
        }
      }
    }
    const pace: Signal[] = [];
    for (const l of taskLinks) {
      if (l.role !== 'lead') continue;
      const latest = latestReport.get(`${taskId}:${l.unit_id}`);
      if (!latest) continue;
      const sig = paceSignal({ percentDone: latest.percent_done, today, year }, s);
      if (sig.level !== 'green') {
        const c = ctx(sig, l.name);
        pace.push(c);
        details.push({ ...c, unitId: l.unit_id, unitName: l.name, kind: 'pace' });
      }
    }
    const target = targetSignal(
      { indicators: (inds.get(taskId) ?? []).map((i) => ({ name: i.name, completion: completionRatio(latestValue.get(i.id)?.value ?? null, i.target, i.comparator) })), today, year },
      s,
    );
    const f = flags.get(taskId);
    out.set(taskId, { late: worstSignal(late), pace: worstSignal(pace), target, flag: f ? { level: f.level, reason: f.reason } : null, details });
  }
  return out;
}

const lights = (s: Signals | undefined) =>
  s ? `<span title="${esc(s.late.reason)}">报送${s.late.level}</span> <span title="${esc(s.pace.reason)}">进度${s.pace.level}</span> <span title="${esc(s.target.reason)}">指标${s.target.level}</span>${s.flag ? ` 督查${s.flag.level}` : ''}` : '';

const collator = new Intl.Collator('zh-CN');
function unitOptions(districtId: number): string {
  const n = get<{ n: number }>('select count(*) as n from units where district_id = ? and active = 1', districtId)!.n;
  if (n > 300) return `<input name="unitName" placeholder="单位名称（共 ${n} 个单位）">`;
  const list = all<{ id: number; name: string }>('select id, name from units where district_id = ? and active = 1', districtId).sort((a, b) => collator.compare(a.name, b.name));
  return `<select name="unit"><option value="">全部单位</option>${list.map((u) => `<option value="${u.id}">${esc(u.name)}</option>`).join('')}</select>`;
}
const sectionOptions = (planId: number) =>
  `<select name="section"><option value="">全部部分</option>${all<{ no: number; numeral: string; title: string }>('select no, numeral, title from sections where plan_id = ? order by no', planId)
    .map((x) => `<option value="${x.no}">${esc(x.numeral)}、${esc(x.title)}</option>`)
    .join('')}</select>`;

// --- pages -------------------------------------------------------------------------------------

function tasksPage(actor: Actor, today: string, page: number): string {
  const plan = currentPlan(actor.districtId);
  const counts = all<{ section_no: number; n: number }>('select s.no as section_no, count(*) as n from tasks t join sections s on s.id = t.section_id where t.plan_id = ? group by s.no', plan.id);
  const matched = counts.reduce((a, c) => a + c.n, 0);
  const pageCount = Math.max(1, Math.ceil(matched / 100));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = all<{ id: number; no: number; title: string; open_ended: number; section_no: number }>(
    'select t.id, t.no, t.title, t.open_ended, s.no as section_no from tasks t join sections s on s.id = t.section_id where t.plan_id = ? order by t.no limit 100 offset ?',
    plan.id,
    (current - 1) * 100,
  );
  const unitMap = group(
    all<{ task_id: number; role: string; id: number; name: string }>(
      'select tu.task_id, tu.role, u.id, u.name from task_units tu join units u on u.id = tu.unit_id where tu.task_id in (select value from json_each(?)) order by tu.task_id, tu.position',
      JSON.stringify(rows.map((r) => r.id)),
    ),
    (r) => r.task_id,
  );
  const secs = all<{ no: number; numeral: string; title: string }>('select no, numeral, title from sections where plan_id = ? order by no', plan.id);
  const total = get<{ n: number }>('select count(*) as n from tasks where plan_id = ?', plan.id)!.n;
  const sig = signals(plan.id, today, warningSettings(actor.districtId));
  const bySection = group(rows, (r) => r.section_no);
  const inSection = new Map(counts.map((c) => [c.section_no, c.n]));
  const names = (taskId: number, role: string) =>
    (unitMap.get(taskId) ?? [])
      .filter((u) => u.role === role)
      .map((u) => esc(u.name))
      .join('、');
  let body = `<h1>工作台账</h1><p>${esc(plan.title)}</p><form>${sectionOptions(plan.id)}${unitOptions(actor.districtId)}</form><p data-testid="ledger-count">共 ${total} 项任务</p>`;
  for (const s of secs) {
    const list = bySection.get(s.no) ?? [];
    if (!list.length) continue;
    body += `<h2>${esc(s.numeral)}、${esc(s.title)} ${inSection.get(s.no)} 项</h2><table>`;
    for (const t of list) body += `<tr data-task-no="${t.no}"><td>${t.no}</td><td><a href="/tasks/${t.no}">${esc(t.title)}</a></td><td>${names(t.id, 'lead')}</td><td>${names(t.id, 'participating')}</td><td>${lights(sig.get(t.id))}</td></tr>`;
    body += '</table>';
  }
  body += pager(current, pageCount, matched, 100);
  return layout(actor, '工作台账', body);
}

const pager = (page: number, pageCount: number, total: number, size: number) =>
  `<nav>第 ${(page - 1) * size + 1}–${Math.min(total, page * size)} 项，共 ${total} 项 ${page > 1 ? `<a href="?page=${page - 1}">上一页</a>` : ''} ${page}/${pageCount} ${page < pageCount ? `<a href="?page=${page + 1}">下一页</a>` : ''}</nav>`;

function myPage(actor: Actor, today: string): string {
  const plan = currentPlan(actor.districtId);
  const unitId = actor.unitId!;
  const periods = periodsOf(plan.id).filter((p) => isPeriodOpen(p.month, today));
  const period = pickCurrentPeriod(periodsOf(plan.id), today);
  const monthOf = new Map(periods.map((p) => [p.id, p.month]));
  const mine = all<{ id: number; no: number; title: string; role: string }>(
    'select t.id, t.no, t.title, tu.role from task_units tu join tasks t on t.id = tu.task_id where tu.unit_id = ? and t.plan_id = ? order by t.no',
    unitId,
    plan.id,
  );
  const ids = JSON.stringify(mine.map((t) => t.id));
  const reps = group(all<{ task_id: number; period_id: number; status: string; submitted_at: number | null }>('select task_id, period_id, status, submitted_at from reports where unit_id = ? and task_id in (select value from json_each(?))', unitId, ids), (r) => r.task_id);
  const parts = group(all<{ task_id: number; period_id: number; status: string; submitted_at: number | null }>('select task_id, period_id, status, submitted_at from contributions where unit_id = ? and task_id in (select value from json_each(?))', unitId, ids), (r) => r.task_id);
  const onTasks = group(all<{ task_id: number; role: string; unit_id: number; name: string }>('select tu.task_id, tu.role, u.id as unit_id, u.name from task_units tu join units u on u.id = tu.unit_id where tu.task_id in (select value from json_each(?)) order by tu.position', ids), (r) => r.task_id);
  const received = group(
    period ? all<{ task_id: number; unit_id: number }>("select task_id, unit_id from contributions where period_id = ? and status in ('submitted', 'approved') and task_id in (select value from json_each(?))", period.id, ids) : [],
    (r) => r.task_id,
  );
  const sig = signals(plan.id, today, warningSettings(actor.districtId), { taskIds: mine.map((t) => t.id), unitId });
  const pending = all<{ task_no: number; content: string }>(
    'select t.no as task_no, i.content from instruction_receipts r join instructions i on i.id = r.instruction_id join tasks t on t.id = i.task_id where r.unit_id = ? and r.acknowledged_at is null order by i.created_at desc',
    unitId,
  );
  const past = periods.filter((p) => p.id !== period?.id);
  let lead = '';
  let join = '';
  let history = '';
  for (const t of mine) {
    const own = (t.role === 'lead' ? reps : parts).get(t.id) ?? [];
    const cur = own.find((r) => r.period_id === period?.id);
    const hist = new Map(own.map((r) => [monthOf.get(r.period_id), r.status]));
    history += `<tr><th>${t.no}. ${esc(t.title)}</th>${past.map((p) => `<td><a href="/my/tasks/${t.no}?period=${p.month}">${hist.get(p.month) ?? 'none'}</a></td>`).join('')}</tr>`;
    if (t.role === 'lead') {
      const expected = (onTasks.get(t.id) ?? []).filter((u) => u.role === 'participating');
      const got = new Set((received.get(t.id) ?? []).map((r) => r.unit_id));
      lead += `<tr data-task-no="${t.no}"><td>${t.no}</td><td><a href="/tasks/${t.no}">${esc(t.title)}</a></td><td>${cur?.status ?? 'none'}</td><td>${period?.lead_deadline ?? ''}（${period ? daysUntil(period.lead_deadline, today) : ''}）</td><td title="${esc(expected.filter((u) => !got.has(u.unit_id)).map((u) => u.name).join('、'))}">已收 ${expected.filter((u) => got.has(u.unit_id)).length}/${expected.length}</td><td>${lights(sig.get(t.id))}</td><td><a href="/my/tasks/${t.no}">填报</a></td></tr>`;
    } else {
      const leads = (onTasks.get(t.id) ?? []).filter((u) => u.role === 'lead').map((u) => esc(u.name)).join('、');
      join += `<tr data-task-no="${t.no}"><td>${t.no}</td><td>${esc(t.title)}</td><td>${leads}</td><td>${cur?.status ?? 'none'}</td><td>${lights(sig.get(t.id))}</td></tr>`;
    }
  }
  const nLead = mine.filter((t) => t.role === 'lead').length;
  const body = `<h1>本单位任务</h1><p>${esc(actor.unitName)}</p>${pending.map((x) => `<p>任务 ${x.task_no}：${esc(x.content)}</p>`).join('')}<h2>牵头任务 ${nLead} 项</h2><table>${lead}</table><h2>参与任务 ${mine.length - nLead} 项</h2><table>${join}</table><h2>往期填报</h2><table>${history}</table>`;
  return layout(actor, '本单位任务', body);
}

function reviewPage(actor: Actor, today: string, page: number): string {
  const plan = currentPlan(actor.districtId);
  type Item = { kind: string; id: number; task_id: number; task_no: number; task_title: string; unit_name: string; month: string; status: string; submitted_at: number | null };
  // As listReviewQueue: counted and paged in SQL, kept per generation. No index hint: from the
  // list's tasks the planner reaches only this district's waiting items, where walking the partial
  // index of waiting items would pass every district's.
  const { items, total, current, pageCount, returned } = memo(`review|${actor.districtId}|${plan.id}|${page}`, () => {
    const total = ['reports', 'contributions'].reduce(
      (n, t) => n + get<{ n: number }>(`select count(*) as n from ${t} join tasks t on t.id = ${t}.task_id where t.plan_id = ? and ${t}.status = 'submitted'`, plan.id)!.n,
      0,
    );
    const pageCount = Math.max(1, Math.ceil(total / 50));
    const current = Math.min(Math.max(1, page), pageCount);
    const upto = current * 50;
    const arm = (kind: string, t: string, order: number) =>
      `select * from (select '${kind}' as kind, ${order} as kind_order, x.id, t.id as task_id, t.no as task_no, t.title as task_title, u.name as unit_name, p.month, x.status, x.submitted_at
         from ${t} x join tasks t on t.id = x.task_id join sections sec on sec.id = t.section_id join units u on u.id = x.unit_id join reporting_periods p on p.id = x.period_id
         where t.plan_id = ? and x.status = 'submitted' order by x.submitted_at, t.no, x.id limit ?)`;
    const items = all<Item>(
      `select * from (${arm('report', 'reports', 0)} union all ${arm('contribution', 'contributions', 1)}) order by submitted_at, task_no, kind_order, id limit 50 offset ?`,
      plan.id,
      upto,
      plan.id,
      upto,
      upto - 50,
    );
    const returned = new Set<string>();
    for (const kind of ['report', 'contribution']) {
      for (const r of all<{ owner_id: number }>(
        "select distinct owner_id from submission_snapshots where owner_type = ? and event = 'returned' and owner_id in (select value from json_each(?))",
        kind,
        JSON.stringify(items.filter((i) => i.kind === kind).map((i) => i.id)),
      ))
        returned.add(`${kind}:${r.owner_id}`);
    }
    return { items, total, current, pageCount, returned };
  });
  const sig = signals(plan.id, today, warningSettings(actor.districtId), { taskIds: [...new Set(items.map((i) => i.task_id))] });
  const period = pickCurrentPeriod(periodsOf(plan.id), today);
  let body = `<h1>审核</h1>${period ? `<button>一键催办 ${monthLabel(period.month)}</button>` : ''}<form>${sectionOptions(plan.id)}${unitOptions(actor.districtId)}</form><p data-testid="queue-count">共 ${total} 份</p><ul>`;
  for (const i of items) {
    body += `<li><a href="/review/${i.kind}/${i.id}">${i.task_no}. ${esc(i.task_title)}</a> ${esc(i.unit_name)} · ${monthLabel(i.month)}${returned.has(`${i.kind}:${i.id}`) ? ' 退回后重报' : ''} ${i.status} ${i.submitted_at ? new Date(i.submitted_at).toISOString() : ''} ${lights(sig.get(i.task_id))}</li>`;
  }
  return layout(actor, '审核', `${body}</ul>${pager(current, pageCount, total, 50)}`);
}

function overdueItems(actor: Actor, today: string) {
  const plan = currentPlan(actor.districtId);
  const tasks = all<{ id: number; no: number; title: string; section_no: number }>(
    'select t.id, t.no, t.title, s.no as section_no from tasks t join sections s on s.id = t.section_id where t.plan_id = ? order by t.no',
    plan.id,
  );
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const sig = signals(plan.id, today, warningSettings(actor.districtId));
  const items: { kind: string; taskNo: number; taskTitle: string; unitName: string; what: string; dueOn: string; days: number; reason: string }[] = [];
  for (const [taskId, s] of sig) {
    const t = byId.get(taskId)!;
    for (const d of s.details) {
      if (d.kind !== 'late' || d.level !== 'red' || !d.dueOn) continue;
      const kind = d.rule === 'late.returned.overdue' ? 'returned' : d.role === 'participating' ? 'part' : 'report';
      items.push({ kind, taskNo: t.no, taskTitle: t.title, unitName: d.unitName, what: d.month ?? '', dueOn: d.dueOn, days: -daysUntil(d.dueOn, today), reason: d.reason });
    }
  }
  for (const n of all<{ year: number; seq: number; task_id: number; due_date: string; unit_name: string }>(
    `select n.year, n.seq, n.task_id, n.due_date, u.name as unit_name from notice_targets nt join supervision_notices n on n.id = nt.notice_id join units u on u.id = nt.unit_id join tasks t on t.id = n.task_id
     where n.district_id = ? and n.status = 'open' and n.due_date < ? and nt.status in ('pending', 'sent_back')`,
    actor.districtId,
    today,
  )) {
    const t = byId.get(n.task_id);
    const days = -daysUntil(n.due_date, today);
    if (!t || days <= 0) continue;
    items.push({ kind: 'notice', taskNo: t.no, taskTitle: t.title, unitName: n.unit_name, what: `督办〔${n.year}〕第${n.seq}号`, dueOn: n.due_date, days, reason: '' });
  }
  return items.sort((a, b) => b.days - a.days || a.taskNo - b.taskNo);
}

function overduePage(actor: Actor, today: string, page: number): string {
  const plan = currentPlan(actor.districtId);
  const all = memo(`overdue|${actor.districtId}|${plan.id}|${today}`, () => overdueItems(actor, today));
  const pageCount = Math.max(1, Math.ceil(all.length / 100));
  const current = Math.min(Math.max(1, page), pageCount);
  const items = all.slice((current - 1) * 100, current * 100);
  let body = `<h1>逾期清单</h1><form>${sectionOptions(plan.id)}${unitOptions(actor.districtId)}</form><p data-testid="overdue-count">共 ${all.length} 项逾期</p><table>`;
  for (const i of items) body += `<tr><td>${i.taskNo}. ${esc(i.taskTitle)}</td><td>${esc(i.unitName)}</td><td>${i.kind} ${esc(i.what)}</td><td>${i.dueOn}</td><td>${i.days} 天</td><td title="${esc(i.reason)}">红灯</td></tr>`;
  return layout(actor, '逾期清单', `${body}</table>${pager(current, pageCount, all.length, 100)}`);
}

function dashboardPage(actor: Actor, today: string): string {
  const plan = currentPlan(actor.districtId);
  return layout(actor, '总览', memo(`dashboard|${actor.districtId}|${plan.id}|${today}`, () => dashboardBody(actor.districtId, plan, today)));
}

function dashboardBody(districtId: number, plan: ReturnType<typeof currentPlan>, today: string): string {
  const s = warningSettings(districtId);
  const periods = periodsOf(plan.id);
  const period = pickCurrentPeriod(periods, today);
  const sig = signals(plan.id, today, s);
  const links = all<{ task_id: number; unit_id: number; role: string }>('select tu.task_id, tu.unit_id, tu.role from task_units tu join tasks t on t.id = tu.task_id where t.plan_id = ?', plan.id);
  const counts = { lead: {} as Record<string, number>, part: {} as Record<string, number> };
  if (period) {
    const rep = new Map(all<{ task_id: number; unit_id: number; status: string }>('select task_id, unit_id, status from reports where period_id = ?', period.id).map((r) => [`${r.task_id}:${r.unit_id}`, r.status]));
    // Parts have no index by period alone: reached through the list's tasks (task, period, unit).
    const par = new Map(
      all<{ task_id: number; unit_id: number; status: string }>('select task_id, unit_id, status from contributions where task_id in (select id from tasks where plan_id = ?) and period_id = ?', plan.id, period.id).map((r) => [`${r.task_id}:${r.unit_id}`, r.status]),
    );
    for (const l of links) {
      const c = l.role === 'lead' ? counts.lead : counts.part;
      const st = (l.role === 'lead' ? rep : par).get(`${l.task_id}:${l.unit_id}`) ?? 'none';
      c[st] = (c[st] ?? 0) + 1;
    }
  }
  const tasks = all<{ id: number; no: number; title: string; section_no: number; numeral: string; section_title: string }>(
    'select t.id, t.no, t.title, s.no as section_no, s.numeral, s.title as section_title from tasks t join sections s on s.id = t.section_id where t.plan_id = ? order by t.no',
    plan.id,
  );
  const sections = new Map<number, { label: string; n: number; lv: Record<string, number> }>();
  const lagging: { no: number; title: string; reds: number; worst: number; s: Signals }[] = [];
  for (const t of tasks) {
    const sec = sections.get(t.section_no) ?? { label: `${t.numeral}、${t.section_title}`, n: 0, lv: {} };
    const x = sig.get(t.id)!;
    sec.n++;
    for (const k of ['late', 'pace', 'target'] as const) sec.lv[`${k}.${x[k].level}`] = (sec.lv[`${k}.${x[k].level}`] ?? 0) + 1;
    sections.set(t.section_no, sec);
    const levels = [x.late.level, x.pace.level, x.target.level];
    const reds = levels.filter((l) => l === 'red').length + (x.flag?.level === 'red' ? 1 : 0);
    const worst = Math.max(...levels.map((l) => SIGNAL_LEVEL_ORDER[l]), x.flag ? SIGNAL_LEVEL_ORDER[x.flag.level as 'red'] : 0);
    if (worst > 0) lagging.push({ no: t.no, title: t.title, reds, worst, s: x });
  }
  lagging.sort((a, b) => b.reds - a.reds || b.worst - a.worst || a.no - b.no);
  // 按时报送率: the first submission of each report and part of the district's past periods (its
  // snapshots, by the owner index), against each period's deadlines.
  type Sent = { task_id: number; unit_id: number; first_at: number | null };
  const sent = (table: string, kind: string, periodId: number) =>
    new Map(
      all<Sent>(
        `select x.task_id, x.unit_id, coalesce((select min(s.at) from submission_snapshots s where s.owner_type = '${kind}' and s.owner_id = x.id and s.event = 'submitted'), x.submitted_at) as first_at
         from ${table} x where x.task_id in (select id from tasks where plan_id = ?) and x.period_id = ?`,
        plan.id,
        periodId,
      ).map((r) => [`${r.task_id}:${r.unit_id}`, r]),
    );
  const onTime = periods
    .filter((p) => p.lead_deadline < today)
    .map((p) => {
      const rep = sent('reports', 'report', p.id);
      const par = sent('contributions', 'contribution', p.id);
      let n = 0;
      for (const l of links) {
        const lead = l.role === 'lead';
        const at = (lead ? rep : par).get(`${l.task_id}:${l.unit_id}`)?.first_at ?? null;
        if (at && isOnTime(new Date(at), lead ? p.lead_deadline : p.contribution_deadline)) n++;
      }
      return { month: p.month, due: links.length, onTime: n };
    });
  // 落后最多的指标: the latest reported figure of each confirmed indicator.
  const elapsed = yearElapsedShare(today, plan.year);
  const latest = new Map<number, number>();
  for (const v of all<{ indicator_id: number; value: number }>(
    "select v.indicator_id, v.value from report_indicator_values v join reports r on r.id = v.report_id where r.task_id in (select id from tasks where plan_id = ?) and r.status in ('submitted', 'approved') order by r.submitted_at",
    plan.id,
  )) {
    latest.set(v.indicator_id, v.value);
  }
  const byTask = new Map(tasks.map((t) => [t.id, t]));
  const behind = all<{ id: number; task_id: number; name: string; target: number; comparator: 'at_least' | 'at_most' }>(
    "select i.id, i.task_id, i.name, i.target, i.comparator from indicators i join tasks t on t.id = i.task_id where t.plan_id = ? and i.status = 'confirmed'",
    plan.id,
  )
    .map((i) => {
      const c = completionRatio(latest.get(i.id) ?? null, i.target, i.comparator);
      return c === null ? null : { no: byTask.get(i.task_id)!.no, name: i.name, c, gap: Math.round((elapsed - Math.min(1, c)) * 1000) / 10 };
    })
    .filter((x): x is NonNullable<typeof x> => x !== null && x.gap > 0)
    .sort((a, b) => b.gap - a.gap)
    .slice(0, 10);
  let body = `<h1>总览</h1><p>${plan.year} 年 · 截至 ${today}</p><p>本月月度进展 ${JSON.stringify(counts.lead)} 协办 ${JSON.stringify(counts.part)}</p><table>`;
  // Each count a link to the tasks behind it, as on the app's dashboard (the drill-down is a feature).
  const cell = (no: number, sec: { lv: Record<string, number> }, k: string) =>
    `<td>${(['red', 'yellow', 'green'] as const).map((l) => `<a href="/tasks?section=${no}&amp;signal=${k}&amp;level=${l}">${sec.lv[`${k}.${l}`] ?? 0}</a>`).join(' ')}</td>`;
  for (const [no, sec] of sections) body += `<tr><th><a href="/tasks?section=${no}">${esc(sec.label)}</a> ${sec.n} 项</th>${['late', 'pace', 'target'].map((k) => cell(no, sec, k)).join('')}</tr>`;
  body += `</table><ol>${onTime.map((m) => `<li>${m.month} ${m.onTime}/${m.due}</li>`).join('')}</ol><ol>${behind.map((b) => `<li><a href="/tasks/${b.no}">${b.no}. ${esc(b.name)}</a> 落后 ${b.gap}</li>`).join('')}</ol>`;
  body += `<h2>滞后任务 <span>${lagging.length} 项</span></h2><ul>${lagging
    .slice(0, 20)
    .map((l) => `<li><a href="/tasks/${l.no}">${l.no}. ${esc(l.title)}</a> ${lights(l.s)}</li>`)
    .join('')}</ul>${lagging.length > 20 ? `<a href="/tasks?lagging=1">查看全部 ${lagging.length} 项滞后任务</a>` : ''}`;
  return body;
}

function taskPage(actor: Actor, today: string, no: number): string | null {
  const plan = currentPlan(actor.districtId);
  const task = get<{ id: number; no: number; title: string; text: string; section_no: number; numeral: string; section_title: string }>(
    'select t.id, t.no, t.title, t.text, s.no as section_no, s.numeral, s.title as section_title from tasks t join sections s on s.id = t.section_id where t.plan_id = ? and t.no = ?',
    plan.id,
    no,
  );
  if (!task) return null;
  const units = all<{ role: string; id: number; name: string; assigned_on: string | null; signed_at: number | null }>(
    'select tu.role, u.id, u.name, tu.assigned_on, tu.signed_at from task_units tu join units u on u.id = tu.unit_id where tu.task_id = ? order by tu.position',
    task.id,
  );
  const closed = get<{ closed_at: number | null }>('select closed_at from tasks where id = ?', task.id)!;
  const inds = all<{ id: number; name: string; target: number; unit: string; comparator: 'at_least' | 'at_most'; source_phrase: string }>(
    "select id, name, target, unit, comparator, source_phrase from indicators where task_id = ? and status = 'confirmed' order by position, id",
    task.id,
  );
  const months = periodsOf(plan.id);
  const values = group(
    all<{ indicator_id: number; value: number; period_id: number }>(
      "select v.indicator_id, v.value, r.period_id from report_indicator_values v join reports r on r.id = v.report_id where v.indicator_id in (select value from json_each(?)) and r.status in ('submitted', 'approved') order by r.submitted_at",
      JSON.stringify(inds.map((i) => i.id)),
    ),
    (v) => `${v.indicator_id}:${v.period_id}`,
  );
  const sig = signals(plan.id, today, warningSettings(actor.districtId), { taskIds: [task.id] }).get(task.id);
  const flags = all<Row>('select f.id, f.level, f.reason, f.raised_at, u.display_name, f.lifted_at, f.lift_reason from task_flags f join users u on u.id = f.raised_by where f.task_id = ? order by f.raised_at desc', task.id);
  const instr = all<{ id: number; content: string; author: string }>('select i.id, i.content, u.display_name as author from instructions i join users u on u.id = i.author_id where i.task_id = ? order by i.created_at desc', task.id);
  const receipts = instr.length
    ? group(all<{ instruction_id: number; name: string; reply: string | null }>('select r.instruction_id, u.name, r.reply from instruction_receipts r join units u on u.id = r.unit_id where r.instruction_id in (select value from json_each(?)) order by r.id', JSON.stringify(instr.map((i) => i.id))), (r) => r.instruction_id)
    : new Map();
  const timeline = all<{ at: number; actor_name: string | null; action: string; detail: string | null }>('select at, actor_name, action, detail from audit_log where task_id = ? order by at desc, id desc limit 50', task.id);
  let body = `<h1>${task.no}. ${esc(task.title)}</h1><p>${lights(sig)}</p><ul>${(sig?.details ?? []).map((d) => `<li>${esc(d.reason)}</li>`).join('')}</ul><p>${esc(task.text)}</p>`;
  // The same sections as the app's task page: each unit with its 交办 date and 签收 time, the closure
  // state, the supervisor's flag form, each indicator's months in a table.
  const unitLine = (u: (typeof units)[number]) => `<li>${esc(u.name)} 交办 ${u.assigned_on ?? '—'} · ${u.signed_at ? `已签收 ${new Date(u.signed_at).toISOString()}` : '待签收'}</li>`;
  body += `<h2>牵头单位</h2><ul>${units.filter((u) => u.role === 'lead').map(unitLine).join('')}</ul><h2>参与单位</h2><ul>${units.filter((u) => u.role !== 'lead').map(unitLine).join('')}</ul>`;
  body += `<h2>办结销号</h2><p>${closed.closed_at ? `已办结 ${new Date(closed.closed_at).toISOString()}` : '任务进行中'}</p>`;
  body += `<form method="post"><select name="level"><option>黄灯</option><option>红灯</option></select><input name="reason"><button>亮灯</button></form><a href="/notices/new?task=${task.id}">下发督办单</a>`;
  for (const i of inds) {
    const series = months.map((m) => {
      const list = values.get(`${i.id}:${m.id}`);
      return { month: m.month, actual: list?.length ? list[list.length - 1]!.value : null };
    });
    const latest = [...series].reverse().find((x) => x.actual !== null)?.actual ?? null;
    body += `<section><h3>${esc(i.name)}</h3>目标 ${i.target} ${esc(i.unit)} 累计 ${latest ?? '—'} 完成率 ${completionRatio(latest, i.target, i.comparator)} <p>原文：${esc(i.source_phrase)}</p><table>${series.map((x) => `<tr><td>${x.month}</td><td>${x.actual ?? '暂无数据'}</td><td>${i.target}</td></tr>`).join('')}</table></section>`;
  }
  body += `<ul>${flags.map((f) => `<li>${esc(f.reason)}</li>`).join('')}</ul>`;
  body += `<ul>${instr.map((i) => `<li>${esc(i.author)}：${esc(i.content)} ${(receipts.get(i.id) ?? []).map((r: { name: string }) => esc(r.name)).join('、')}</li>`).join('')}</ul>`;
  body += `<ol>${timeline.map((e) => `<li>${new Date(e.at).toISOString()} ${esc(e.actor_name)} ${esc(e.action)} ${e.detail ? esc(JSON.parse(e.detail).comment ?? '') : ''}</li>`).join('')}</ol>`;
  return layout(actor, `任务 ${no}`, body);
}

// --- the save/submit action -----------------------------------------------------------------

type ReportInput = { taskId: number; periodId: number; version: number; progress: string; percentDone: number | null; problems: string; nextSteps: string; indicatorValues: { indicatorId: number; value: number | null }[] };

const saveTx = db.transaction((actor: Actor, input: ReportInput, action: 'save' | 'submit', at: number) => {
  const unitId = actor.unitId!;
  const existing = get<{ id: number; status: string; version: number }>('select id, status, version from reports where task_id = ? and period_id = ? and unit_id = ?', input.taskId, input.periodId, unitId);
  if (existing && (existing.status === 'submitted' || existing.status === 'approved')) return { ok: false, error: '已报送，不能再修改' };
  const status = action === 'submit' ? 'submitted' : existing?.status === 'returned' ? 'returned' : 'draft';
  const sub = action === 'submit' ? at : null;
  let id: number;
  let version: number;
  if (!existing) {
    if (input.version !== 0) return { ok: false, error: '该报告已被删除或不存在，请刷新页面' };
    id = Number(
      q(`insert into reports (task_id, period_id, unit_id, status, progress, percent_done, problems, next_steps, version, updated_at, updated_by, submitted_at, submitted_by)
         values (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`).run(input.taskId, input.periodId, unitId, status, input.progress, input.percentDone, input.problems, input.nextSteps, at, actor.userId, sub, sub && actor.userId).lastInsertRowid,
    );
    version = 1;
  } else {
    const changed = q(
      `update reports set progress = ?, percent_done = ?, problems = ?, next_steps = ?, status = ?, updated_at = ?, updated_by = ?,
         submitted_at = coalesce(?, submitted_at), submitted_by = coalesce(?, submitted_by), version = version + 1 where id = ? and unit_id = ? and version = ?`,
    ).run(input.progress, input.percentDone, input.problems, input.nextSteps, status, at, actor.userId, sub, sub && actor.userId, existing.id, unitId, input.version).changes;
    if (!changed) {
      const current = get<{ version: number; progress: string }>('select version, progress from reports where id = ?', existing.id)!;
      return { ok: false, error: '保存冲突', conflict: { version: current.version, fields: { progress: current.progress } } };
    }
    id = existing.id;
    version = existing.version + 1;
  }
  const allowed = new Set(all<{ id: number }>("select id from indicators where task_id = ? and status = 'confirmed'", input.taskId).map((r) => r.id));
  q('delete from report_indicator_values where report_id = ?').run(id);
  for (const v of input.indicatorValues) if (v.value !== null && allowed.has(v.indicatorId)) q('insert into report_indicator_values (report_id, indicator_id, value) values (?, ?, ?)').run(id, v.indicatorId, v.value);
  if (action === 'submit') {
    const r = get<Row>('select progress, percent_done, problems, next_steps from reports where id = ?', id)!;
    const vals = all('select i.name, i.unit, v.value from report_indicator_values v join indicators i on i.id = v.indicator_id where v.report_id = ?', id);
    q('insert into submission_snapshots (owner_type, owner_id, event, content, comment, actor_id, at) values (?, ?, ?, ?, ?, ?, ?)').run('report', id, 'submitted', JSON.stringify({ ...r, indicators: vals }), null, actor.userId, at);
  }
  q('insert into audit_log (at, actor_id, actor_name, action, entity_type, entity_id, task_id, unit_id, detail, ip) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    at,
    actor.userId,
    actor.displayName,
    `report.${action}`,
    'report',
    id,
    input.taskId,
    unitId,
    JSON.stringify({ periodId: input.periodId, version }),
    '127.0.0.1',
  );
  return { ok: true, id, version, status };
});

function editorPage(actor: Actor, today: string, no: number, result: unknown): string {
  const plan = currentPlan(actor.districtId);
  const task = get<{ id: number; no: number; title: string; text: string }>('select id, no, title, text from tasks where plan_id = ? and no = ?', plan.id, no)!;
  const role = get<{ role: string }>('select role from task_units where task_id = ? and unit_id = ?', task.id, actor.unitId)?.role;
  const periods = periodsOf(plan.id).filter((p) => isPeriodOpen(p.month, today));
  const period = pickCurrentPeriod(periodsOf(plan.id), today)!;
  const units = all<{ role: string; name: string }>('select tu.role, u.name from task_units tu join units u on u.id = tu.unit_id where tu.task_id = ? order by tu.position', task.id);
  const report = get<Row>('select * from reports where task_id = ? and period_id = ? and unit_id = ?', task.id, period.id, actor.unitId);
  const prev = get<Row>(
    "select r.* from reports r join reporting_periods p on p.id = r.period_id where r.task_id = ? and r.unit_id = ? and r.status = 'approved' and p.month < ? order by p.month desc limit 1",
    task.id,
    actor.unitId,
    period.month,
  );
  const values = report ? all('select indicator_id, value from report_indicator_values where report_id = ?', report.id) : [];
  const files = report ? all("select id, file_name, size from attachments where owner_type = 'report' and owner_id = ? order by id", report.id) : [];
  const editor = report ? get<{ n: string }>('select display_name as n from users where id = ?', report.updated_by) : undefined;
  const inds = all<Row>("select id, name, target, unit from indicators where task_id = ? and status = 'confirmed' order by position, id", task.id);
  const parts = all<Row>(
    "select c.id, u.name, c.content from contributions c join units u on u.id = c.unit_id where c.task_id = ? and c.period_id = ? and c.status in ('submitted', 'approved') order by c.submitted_at",
    task.id,
    period.id,
  );
  const body = `<h1>${task.no}. ${esc(task.title)}</h1><p>${role} ${units.map((u) => esc(u.name)).join('、')}</p><nav>${periods.map((p) => `<a href="?period=${p.month}">${p.month}</a>`).join(' ')}</nav>
    <form><textarea>${esc(report?.progress ?? '')}</textarea> ${esc(report?.status ?? 'none')} v${report?.version ?? 0} ${esc(editor?.n ?? '')} ${prev ? `上月 ${esc(prev.percent_done)}` : ''}
    ${inds.map((i) => `<input name="i${i.id}" value="${values.find((v) => v.indicator_id === i.id)?.value ?? ''}">${esc(i.name)}`).join('')}</form>
    ${files.map((f) => `<a href="/api/attachments/${f.id}">${esc(f.file_name)}</a>`).join('')}${parts.map((c) => `<article>${esc(c.name)} ${esc(c.content)}</article>`).join('')}
    <pre>${esc(JSON.stringify(result))}</pre><details>${esc(task.text)}</details>`;
  return layout(actor, '月度填报', body);
}

// --- server -------------------------------------------------------------------------------------

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    try {
      const url = new URL(req.url ?? '/', 'http://floor');
      if (url.pathname === '/health') return send(res, 200, 'ok');
      const actor = session(req);
      if (!actor) return send(res, 401, 'no session');
      const today = shanghaiDate(now());
      let html: string | null = null;
      const taskMatch = /^\/tasks\/(\d{1,4})$/.exec(url.pathname);
      const editMatch = /^\/my\/tasks\/(\d{1,4})$/.exec(url.pathname);
      if (req.method === 'POST' && editMatch) {
        const [input, intent] = JSON.parse(Buffer.concat(chunks).toString('utf8')) as [ReportInput, string];
        const role = get<{ role: string }>('select role from task_units where task_id = ? and unit_id = ?', input.taskId, actor.unitId);
        if (role?.role !== 'lead') return send(res, 403, 'not the lead unit');
        const p = get<{ month: string }>('select p.month from reporting_periods p join tasks t on t.plan_id = p.plan_id where t.id = ? and p.id = ?', input.taskId, input.periodId);
        if (!p || !isPeriodOpen(p.month, today)) return send(res, 404, 'no period');
        const result = saveTx.immediate(actor, input, intent === 'submit' ? 'submit' : 'save', now().getTime());
        html = result.ok ? editorPage(actor, today, Number(editMatch[1]), result) : JSON.stringify(result);
        // The response carries the result the way the action's RSC payload does.
        return send(res, 200, `${JSON.stringify(result)}\n${html}`);
      }
      const page = Math.max(1, Number.parseInt(url.searchParams.get('page') ?? '1', 10) || 1);
      if (url.pathname === '/tasks') html = tasksPage(actor, today, page);
      else if (url.pathname === '/my') html = myPage(actor, today);
      else if (url.pathname === '/review') html = reviewPage(actor, today, page);
      else if (url.pathname === '/overdue') html = overduePage(actor, today, page);
      else if (url.pathname === '/dashboard') html = dashboardPage(actor, today);
      else if (taskMatch) html = taskPage(actor, today, Number(taskMatch[1]));
      else if (editMatch) html = editorPage(actor, today, Number(editMatch[1]), null);
      if (html === null) return send(res, 404, 'not found');
      send(res, 200, html);
    } catch (err) {
      console.error(err);
      send(res, 500, String(err));
    }
  });
});

function send(res: http.ServerResponse, status: number, body: string) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

// Keep-alive like next start's server.
server.keepAliveTimeout = 5000;
server.listen(port, '127.0.0.1', () => console.log(`[floor] http://127.0.0.1:${port} (${dataDir})`));
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => server.close(() => process.exit(0)));
