/**
 * Test fixture (not a test) of the 督办单 tests (notice-commands.test.ts, notice-views.test.ts): a
 * seeded database of the test file's own, the demo accounts as actors, and helpers that issue and
 * answer notices as the actions do (parse with the form's schema, then call the service).
 * Call `setUpNotices` in `beforeAll` and `tearDownNotices` in `afterAll`.
 */
import { and, eq } from 'drizzle-orm';
import { noticeTargets } from '@/db/schema';
import type { Actor } from '@/lib/auth/actor';
import type { ServiceContext } from '@/lib/context';
import { addSecondDistrict } from '@/lib/testing/second-district';
import { openSeededDb } from '@/lib/testing/seeded-fixture';
import { actorFor } from '@/lib/testing/temp-db';
import { issueNotice, respondToNotice } from './notice-commands';
import { issueNoticeSchema, type IssueNoticeInput } from './schemas';

// The demo clock.
export const TODAY = '2023-11-22';
export const TOMORROW = '2023-11-23';
/** 09:30 in Beijing on a given day. */
export const at = (day: string) => new Date(`${day}T09:30:00+08:00`);
export const NOW = at(TODAY);

export let env: Awaited<ReturnType<typeof openSeededDb>>;
export let task40: number, task15: number, supervisorId: number;
/** sthj's account as the unit's head (made by setUpNotices). */
let sthjHeadActor: Actor;

export async function setUpNotices(): Promise<void> {
  env = await openSeededDb(NOW);
  [task40, task15, supervisorId] = [env.taskId(40), env.taskId(15), env.idOf('duchashi')];
  sthjHeadActor = await actorFor(env.db, 'unit_head', '河东生态环境分局', env.idOf('sthj'));
}

export async function tearDownNotices(): Promise<void> {
  await env.cleanup();
}

export const supervisor = () => env.supervisor();
export const supervisor2 = () => ({ ...env.supervisor(), displayName: '另一位督查员' });
export const leader = () => env.leader();
export const admin = () => env.admin();
export const sthj = () => env.sthj(); // lead of 40
export const sthjHead = () => sthjHeadActor;
export const kjj = () => env.kjj(); // participating in 40, lead of 15
export const fgj = () => env.fgj();

/** The context of a request by `actor` on `day` (09:30 Beijing time). */
export const ctxOf = (actor: Actor, day = TODAY): ServiceContext => env.as(actor, at(day));

/** The issuing form as the browser sends it. */
export const issueInput = (over: Record<string, unknown> = {}) => ({
  taskId: task40,
  level: 'yellow',
  unitIds: [sthj().unitId],
  problem: '11月月度进展逾期未报送。',
  requirement: '立即报送月度进展，并说明逾期原因。',
  dueDate: '2023-11-29',
  triggerRule: 'late.lead.overdue',
  triggerReason: '牵头单位月度进展已逾期 2 天未报送',
  ...over,
});

/** The issuing form after the action's parse (throws if the schema refuses it). */
export const parsedIssue = (over: Record<string, unknown> = {}, today = TODAY): IssueNoticeInput => issueNoticeSchema(today).parse(issueInput(over));

/** Issues a notice as the supervisor on `today`; throws if refused. */
export async function issue(over: Record<string, unknown> = {}, today = TODAY) {
  const r = await issueNotice(ctxOf(supervisor(), today), parsedIssue(over, today));
  if (!r.ok) throw new Error(`${r.error} ${JSON.stringify(r.fieldErrors)}`);
  return r;
}

export async function targetOf(noticeId: number, unitId: number | null) {
  const [row] = await env.db
    .select()
    .from(noticeTargets)
    .where(and(eq(noticeTargets.noticeId, noticeId), eq(noticeTargets.unitId, unitId!)))
    .limit(1);
  return row!;
}

export const answer = (actor: Actor, targetId: number, response = '已完成整改，补报了月度进展。') => respondToNotice(ctxOf(actor), { targetId, response });

/**
 * 兰山区 (district 2) beside the seeded one: its supervisor, the staff of its own 河东生态环境分局 (the
 * lead of its task 40) and one notice of its own to that unit, issued today.
 */
export async function setUpSecondDistrict() {
  const b = await addSecondDistrict(env.db);
  const supervisor = await b.actor('supervisor');
  const sthj = await b.actor('reporter', '河东生态环境分局');
  const notice = await issueNotice(ctxOf(supervisor), parsedIssue({ taskId: b.taskId(40), unitIds: [sthj.unitId] }));
  if (!notice.ok) throw new Error(notice.error);
  return { ...b, supervisor, sthj, notice, target: await targetOf(notice.id, sthj.unitId) };
}
