/**
 * 等保 2.0 (issue 14): a property test (fast-check) over every server action and route handler of
 * the app with hostile input — wrong types, huge strings, control and bidi characters, lone
 * surrogates, markup and SQL-ish quotes, negative/NaN/huge numbers, other units' ids — as a
 * reporter of unit A, a reporter of unit B, a supervisor, the system administrator, and (when the
 * demo accounts have them) the security and the audit administrator. Each action gets inputs of
 * random shape, and objects with its schema's own keys (read from the zod definition), mostly
 * plausible with a hostile value here and there, so that many calls get past the schema and reach
 * the service.
 *
 * Every call must either succeed where the permission matrix lets that actor succeed with that
 * action (read from lib/security/permission-matrix.test.ts; for an actor or action the matrix does
 * not list yet, where the action's declared permission lets the actor), or be refused with a clear
 * Chinese message (no stack trace, no English exception text, never a thrown fault); a refused
 * call must leave every table exactly as it was (a checksum of every table of the database). A
 * success by a unit's staff must leave the other unit's rows (every table with a unit_id) as they
 * were.
 *
 * The actions are found on disk (every `actions.ts` / `*-actions.ts` under app/, as the matrix
 * finds them) and the route handlers too (every app/api/**\/route.ts but next-auth's): a new one is
 * covered without editing this file (a new route must be named in ROUTE_RULES). Route handlers run
 * through their real `route()` preamble with the session read from the test (lib/auth/session and
 * lib/request-context are the seam, mocked below).
 *
 * Reproducible: one fixed seed (HOSTILE_SEED overrides it; HOSTILE_RUNS scales the runs;
 * HOSTILE_DEBUG=1 prints every refusal), and a failure names its property, seed and path.
 * One copy of the fixture database serves calls until one changes it (checked by the checksum).
 */
import path from 'node:path';
import { desc, eq, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { isRedirectError } from 'next/dist/client/components/redirect-error';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isPipelineAction, pipelineDefinitionOf, traceActionAs } from '@/lib/actions/action-client';
import { can, type Permission } from '@/lib/auth/permissions';
import type { Actor } from '@/lib/auth/actor';
import type { FileStore } from '@/lib/attachments/file-store';
import type { ServiceContext } from '@/lib/context';
import type { Result } from '@/lib/result';
import { notifications, users } from '@/db/schema';
import { contextFor } from '@/lib/testing/temp-db';
import { ACTORS, buildBase, NOW, PDF, type ActorName, type Base } from './permission-matrix.fixture';
import {
  actionModuleFiles,
  changedTables,
  Copy,
  describeInput,
  executeStatement,
  fixtureIds,
  hostileArbitraries,
  messageProblem,
  readMatrixExpectations,
  routeFiles,
  routeParams,
  shapedArbitrary,
  tableChecksums,
  unitChecksums,
  type Arbitraries,
} from './property-hostile.fixture';

// The actions and routes use the server's file store, session and request context: here, the copy's and the test's.
const seam = vi.hoisted(() => ({ store: undefined as FileStore | undefined, ctx: undefined as ServiceContext | undefined }));
vi.mock('@/lib/attachments/file-store-instance', () => ({
  fileStore: () => {
    if (!seam.store) throw new Error('no copy is open');
    return seam.store;
  },
  maxUploadBytes: () => 20 * 1024 * 1024,
}));
vi.mock('@/lib/auth/session', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/lib/auth/session')>()),
  getSessionUser: async () => (seam.ctx ? { ...seam.ctx.actor, mustChangePassword: false } : null),
}));
vi.mock('@/lib/request-context', () => ({
  requestContext: async (actor?: Actor) => {
    if (!seam.ctx) throw new Error('no request is running');
    return { ...seam.ctx, actor: actor ?? seam.ctx.actor };
  },
}));
// Logout and the password change end the sessions in the database, then clear the cookie with
// next-auth's signOut, which needs a request: here it only does what it does last, Next's redirect.
vi.mock('@/lib/auth/next-auth', async (importOriginal) => {
  const { redirect } = await import('next/navigation');
  return {
    ...(await importOriginal<typeof import('@/lib/auth/next-auth')>()),
    signOut: async (options?: { redirectTo?: string; redirect?: boolean }) => {
      if (options?.redirect === false) return undefined;
      redirect(options?.redirectTo ?? '/');
    },
  };
});

const SEED = Number(process.env.HOSTILE_SEED ?? 20_231_122);
const SCALE = Number(process.env.HOSTILE_RUNS ?? 1);
/** A reporter of unit A, one of unit B (other units' ids), the office, the system administrator (actors of the matrix). */
const MATRIX_WHO: readonly ActorName[] = ['reporterA', 'reporterB', 'supervisor', 'admin'];
/** 三员分立: the security and the audit administrator, by their demo accounts (not actors of the matrix yet). */
const ADMIN_ACCOUNTS = { securityAdmin: 'anquan', auditAdmin: 'shenji' } as const;
type Who = ActorName | keyof typeof ADMIN_ACCOUNTS;
/** Runs per action and actor: random shapes, then objects with the schema's keys. */
const RUNS = { random: Math.max(1, Math.round(3 * SCALE)), shaped: Math.max(1, Math.round(8 * SCALE)) };
const ROUTE_RUNS = Math.max(1, Math.round(10 * SCALE));
/** Downloads that take no input but the query string and succeed for most actors (each an .xlsx or .docx built): fewer runs. */
const CHEAP_ROUTE_RUNS = Math.max(1, Math.round(4 * SCALE));

/** Each property's own seed, derived from the one seed and its name (stable when others are added). */
function seedOf(name: string): number {
  let h = SEED | 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 31) + name.charCodeAt(i)) | 0;
  return h;
}

type AnyAction = (input: never) => Promise<Result<object>>;

// Every action module on disk, imported (as the matrix enumerates them; the login form's public actions have no session and no pipeline).
const ACTIONS: { id: string; action: AnyAction }[] = [];
for (const file of actionModuleFiles()) {
  const mod = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, unknown>;
  for (const [name, value] of Object.entries(mod)) if (isPipelineAction(value)) ACTIONS.push({ id: `${file}#${name}`, action: value as AnyAction });
}

/**
 * Which services of the matrix stand for each route handler (what it calls), and the permission
 * its preamble declares (judges actors the matrix does not list); a new route must be named here.
 */
const ROUTE_RULES: Record<string, { services: readonly string[]; permission?: Permission }> = {
  'app/api/attachments/route.ts#POST': { services: ['addAttachment'] },
  'app/api/attachments/[id]/route.ts#GET': { services: ['findReadableAttachment'] },
  'app/api/exports/ledger.csv/route.ts#GET': { services: ['exportLedger'] },
  'app/api/exports/ledger.xlsx/route.ts#GET': { services: ['exportLedger'] },
  'app/api/exports/bulletin/[file]/route.ts#GET': { services: ['exportBulletinDocx'] },
  'app/api/audit/export/route.ts#GET': { services: ['exportAuditLog'], permission: 'audit.read' },
};
type Handler = (request: Request, segment: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
const ROUTES: { id: string; file: string; method: string; handler: Handler }[] = [];
for (const file of routeFiles()) {
  const mod = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, unknown>;
  for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']) {
    if (typeof mod[method] === 'function') ROUTES.push({ id: `${file}#${method}`, file, method, handler: mod[method] as Handler });
  }
}

const matrix = readMatrixExpectations();
let base: Base & { dispose: () => Promise<void> };
let arbs: Arbitraries;
let copy: Copy;
const WHO: Who[] = [...MATRIX_WHO];
const actors = {} as Record<Who, Actor>;
const started = Date.now();
const stats = { calls: 0, ok: 0, outcomes: {} as Record<string, number> };

beforeAll(async () => {
  base = await buildBase();
  // 行政区: ids of the other district's records too (its list, tasks, periods, units, accounts).
  arbs = hostileArbitraries([...new Set([...fixtureIds(base.fixture), ...base.otherDistrict.ids])].sort((a, b) => a - b));
  copy = await Copy.open(base);
  Object.assign(actors, base.actors);
  for (const [who, username] of Object.entries(ADMIN_ACCOUNTS) as [keyof typeof ADMIN_ACCOUNTS, string][]) {
    const [row] = await copy.db.select({ id: users.id, role: users.role, displayName: users.displayName, districtId: users.districtId }).from(users).where(eq(users.username, username)).limit(1);
    if (!row) continue;
    actors[who] = { userId: row.id, username, displayName: row.displayName, role: row.role, districtId: row.districtId, unitId: null, unitName: null };
    WHO.push(who);
  }
}, 90_000);
afterAll(async () => {
  await copy?.close();
  await base?.dispose();
  console.info(
    `[hostile property] seed ${SEED}: ${ACTIONS.length} actions, ${ROUTES.length} route handlers, as ${WHO.join(', ')}: ${stats.calls} calls ${JSON.stringify(stats.outcomes)}, ${copy?.copies ?? 0} copies, ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
});

/** The other unit's records (every table with a unit_id), for a success by a unit's staff. */
async function otherUnitRows(who: Who): Promise<unknown> {
  const f = base.fixture;
  if (who === 'reporterA' || who === 'headA') return unitChecksums(copy.db, f.unitB);
  if (who === 'reporterB') return unitChecksums(copy.db, f.unitA);
  return null;
}

/**
 * Whether `who` may succeed: as the matrix's rows say (`allowed`, when the matrix lists both the
 * actor and the action or service) — for a unit's staff, as the rows say for the same role of the
 * other unit too (the matrix's rows name unit A's records; B on its own records is B's business,
 * and B on A's is caught by the other unit's rows staying as they were); otherwise as the
 * declared permission says; a self-service action the matrix lets everyone call (logout,
 * notifications) is everyone's.
 */
function maySucceed(who: Who, allowed: Set<ActorName> | undefined, permission: Permission | undefined): boolean {
  if (allowed && (ACTORS as readonly string[]).includes(who)) {
    const unitRole = actors[who].unitId !== null;
    return allowed.has(who as ActorName) || (unitRole && [...allowed].some((a) => actors[a].role === actors[who].role));
  }
  if (permission) return can(actors[who], permission);
  if (allowed) return ACTORS.every((a) => allowed.has(a));
  // Neither in the matrix nor guarded by a declared permission: the matrix test reports the missing row.
  return true;
}

/** A copy left changed by a failed check is replaced before the next property starts. */
async function startClean(): Promise<void> {
  if (changedTables(copy.checksum, await tableChecksums(copy.db)).length) await copy.renew();
}

/** After a success: allowed, the other unit untouched, no prototype polluted; then a fresh copy if anything changed. */
async function afterSuccess(what: string, who: Who, allowed: Set<ActorName> | undefined, permission: Permission | undefined, before: unknown, input: unknown): Promise<void> {
  stats.ok++;
  const otherUnit = await otherUnitRows(who);
  // The next call starts from the base data again, whatever this check finds.
  if (changedTables(copy.checksum, await tableChecksums(copy.db)).length) await copy.renew();
  if (!maySucceed(who, allowed, permission)) {
    throw new Error(`${what} as ${who} succeeded, but the permission matrix lets only ${[...(allowed ?? [])].join(', ') || 'nobody'} succeed (declared permission: ${permission ?? 'none'}) — input ${describeInput(input)}`);
  }
  expect(otherUnit, `${what} as ${who} changed the other unit's records — input ${describeInput(input)}`).toEqual(before);
  expect(({} as Record<string, unknown>).polluted, `${what}: prototype polluted`).toBeUndefined();
}

/** After a refusal: a clear Chinese message, and every table as it was. */
async function afterRefusal(what: string, who: Who, message: unknown, input: unknown): Promise<void> {
  const changed = changedTables(copy.checksum, await tableChecksums(copy.db));
  if (changed.length) {
    await copy.renew();
    throw new Error(`${what} as ${who} was refused (${JSON.stringify(message)}) but changed ${changed.join(', ')} — input ${describeInput(input)}`);
  }
  const problem = messageProblem(message, input);
  if (problem) throw new Error(`${what} as ${who}: ${problem}: ${JSON.stringify(String(message).slice(0, 300))} — input ${describeInput(input)}`);
  expect(({} as Record<string, unknown>).polluted, `${what}: prototype polluted`).toBeUndefined();
}

async function callAction(id: string, action: AnyAction, who: Who, input: unknown): Promise<void> {
  stats.calls++;
  seam.store = copy.store;
  const ctx = contextFor(copy.db, actors[who], NOW);
  const permission = pipelineDefinitionOf(action)!.permission;
  const count = (outcome: string) => (stats.outcomes[outcome] = (stats.outcomes[outcome] ?? 0) + 1);
  const before = await otherUnitRows(who);
  let traced: Awaited<ReturnType<typeof traceActionAs>>;
  try {
    traced = await traceActionAs(action, ctx, input);
  } catch (err) {
    // Logout, the list switch and the password change end in Next's redirect: their success.
    if (isRedirectError(err)) {
      count('ok');
      return afterSuccess(id, who, matrix.actions.get(id), permission, before, input);
    }
    await copy.renew();
    throw new Error(`${id} as ${who} threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)} — input ${describeInput(input)}`);
  } finally {
    seam.store = undefined;
  }
  const { outcome, result } = traced;
  count(outcome);
  if (process.env.HOSTILE_DEBUG && !result.ok) console.log(`[debug] ${id} ${who} ${outcome} ${result.error.slice(0, 80)} <- ${describeInput(input).slice(0, 200)}`);
  if (result.ok) return afterSuccess(id, who, matrix.actions.get(id), permission, before, input);
  if (outcome === 'fault') throw new Error(`${id} as ${who}: a storage fault (${result.error}) — input ${describeInput(input)}`);
  await afterRefusal(id, who, result.error, input);
}

async function property(name: string, arb: fc.Arbitrary<unknown>, numRuns: number, check: (input: unknown) => Promise<void>): Promise<void> {
  const seed = seedOf(name);
  // No shrinking: each input is checked against live data. A failure names its seed and path (to replay it) and its input, briefly.
  const details = await fc.check(fc.asyncProperty(arb, check), { seed, numRuns, endOnFailure: true });
  if (!details.failed) return;
  const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  throw new Error(`[${name}] seed ${seed} path "${details.counterexamplePath}" (HOSTILE_SEED=${SEED}), input ${describeInput(details.counterexample?.[0])}:\n${cause}`);
}

describe('the checks themselves', () => {
  it('the checksum of every table sees one changed row, a new table, and nothing else', async () => {
    await startClean();
    expect(Object.keys(copy.checksum).length).toBeGreaterThan(30);
    expect(changedTables(copy.checksum, await tableChecksums(copy.db))).toEqual([]);
    const [last] = await copy.db.select({ id: notifications.id }).from(notifications).orderBy(desc(notifications.id)).limit(1);
    await copy.db.update(notifications).set({ readAt: new Date(1) }).where(eq(notifications.id, last!.id));
    expect(changedTables(copy.checksum, await tableChecksums(copy.db))).toEqual(['notifications']);
    await executeStatement(copy.db, sql`create table probe (x integer)`);
    expect(changedTables(copy.checksum, await tableChecksums(copy.db))).toEqual(['notifications', 'probe']);
    await copy.renew();
    expect(changedTables(copy.checksum, await tableChecksums(copy.db))).toEqual([]);
  });

  it('a unit’s own rows are found in every table with a unit_id', async () => {
    const own = await unitChecksums(copy.db, base.fixture.unitA);
    expect(Object.keys(own)).toEqual(expect.arrayContaining(['reports', 'contributions', 'attachments', 'notice_targets', 'instruction_receipts', 'closure_requests', 'extension_requests', 'problems', 'milestone_plans', 'task_units']));
  });

  it('a refusal message is judged: Chinese, no fault text, the input’s own strings set aside', () => {
    expect(messageProblem('请检查填写的内容：内容过长', {})).toBeNull();
    expect(messageProblem('', {})).toMatch(/empty/);
    expect(messageProblem('Invalid input: expected number', {})).toMatch(/no Chinese/);
    expect(messageProblem('请检查填写的内容：Invalid input: expected object, received number', 1)).toMatch(/English/);
    expect(messageProblem('保存失败：SQLITE_CONSTRAINT', {})).toMatch(/English/);
    expect(messageProblem('出错了 Error: x\n    at run (file.ts:1:1)', {})).toMatch(/English/);
    // A message may quote what was sent.
    expect(messageProblem('找不到单位“undefined NaN”', { unit: 'undefined NaN' })).toBeNull();
  });
});

describe('hostile input on every server action (fast-check)', () => {
  it('found the action modules and read the permission matrix', () => {
    expect(ACTIONS.length).toBeGreaterThan(40);
    expect(matrix.actions.size).toBeGreaterThan(40);
    // An action without a row is judged by its declared permission here; the matrix's own test fails on it.
    const unlisted = ACTIONS.filter((a) => !matrix.actions.has(a.id)).map((a) => a.id);
    if (unlisted.length) console.info(`[hostile property] not in the permission matrix yet (judged by their declared permission): ${unlisted.join(', ')}`);
  });

  for (const { id, action } of ACTIONS) {
    it(id, async () => {
      await startClean();
      const shaped = shapedArbitrary(pipelineDefinitionOf(action)!.schema, arbs);
      for (const who of WHO) {
        // An action whose schema is no object (an id, or nothing: logout) gets random shapes only, twice as many.
        await property(`${id} as ${who}: random shapes`, arbs.value, shaped ? RUNS.random : 2 * RUNS.random, (input) => callAction(id, action, who, input));
        if (shaped) await property(`${id} as ${who}: the schema's keys`, shaped, RUNS.shaped, (input) => callAction(id, action, who, input));
      }
    }, 60_000);
  }
});

// ---------------------------------------------------------------------------------------------
// Route handlers

const ORIGIN = 'http://localhost:3000';

type RouteInput = { params: Record<string, string | string[]>; query: [string, string][]; body?: { kind: 'form'; form: FormData } | { kind: 'raw'; text: string; type: string } };

function routeArbitrary(route: (typeof ROUTES)[number]): fc.Arbitrary<RouteInput> {
  const f = base.fixture;
  const idText = fc.oneof(arbs.id.map(String), fc.constantFrom(String(f.attachmentOnDraft), String(f.attachmentOnSubmitted), '2023-10.docx', `${f.oct}.docx`, '2023-11.docx'), arbs.string);
  const params = fc.record(
    Object.fromEntries(routeParams(route.file).map((p) => [p.name, p.catchAll ? fc.array(idText, { minLength: 1, maxLength: 3 }) : idText])),
  ) as fc.Arbitrary<Record<string, string | string[]>>;
  const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom('inline', 'month', 'plan', 'unit', 'q', 'page', 'person', 'action', 'from', 'to', 'ip', '__proto__'), arbs.string), fc.oneof(fc.constantFrom('1', '0', 'true', '2023-11-01', '2023-11-30', '10.1.', 'login.failure', '管理员'), idText)), { maxLength: 3 });
  if (route.method === 'GET' || route.method === 'HEAD') return fc.record({ params, query });
  const field = fc.oneof(fc.constantFrom('report', 'contribution', 'notice_response', 'closure_request', 'extension_request'), idText);
  const fileName = fc.oneof(fc.constantFrom('材料.pdf', 'a.pdf', '', '../../x.pdf', 'x.exe', '\u202efdp.exe', 'a\u0000.pdf', 'a'.repeat(5000) + '.pdf'), arbs.string);
  const bytes = fc.oneof(fc.constant(PDF), fc.uint8Array({ maxLength: 64 }), fc.constant(new Uint8Array(0)), fc.constant(new TextEncoder().encode('<html><script>alert(1)</script>')));
  const form = fc
    .record(
      {
        ownerType: field,
        taskId: idText,
        periodId: idText,
        noticeTargetId: idText,
        requestId: idText,
        closureRequestId: idText,
        file: fc.tuple(fileName, bytes),
      },
      { requiredKeys: [] },
    )
    .map(({ file, ...fields }) => {
      const data = new FormData();
      for (const [k, v] of Object.entries(fields)) data.append(k, v);
      if (file) data.append('file', new File([file[1] as Uint8Array<ArrayBuffer>], file[0], { type: 'application/pdf' }));
      return { kind: 'form' as const, form: data };
    });
  const raw = fc.record({
    kind: fc.constant('raw' as const),
    text: arbs.string,
    type: fc.constantFrom('multipart/form-data', 'multipart/form-data; boundary=x', 'application/json', 'text/plain', ''),
  });
  return fc.record({ params, query, body: fc.oneof({ weight: 3, arbitrary: form }, { weight: 1, arbitrary: raw }) });
}

function requestOf(route: (typeof ROUTES)[number], input: RouteInput): Request {
  const url = new URL(`${ORIGIN}/${route.file.replace(/^app\//, '').replace(/\/route\.ts$/, '')}`);
  for (const [k, v] of input.query) url.searchParams.append(k, v);
  const headers = new Headers({ origin: ORIGIN, host: 'localhost:3000' });
  if (!input.body) return new Request(url, { method: route.method, headers });
  if (input.body.kind === 'form') return new Request(url, { method: route.method, headers, body: input.body.form });
  if (input.body.type) headers.set('content-type', input.body.type);
  return new Request(url, { method: route.method, headers, body: input.body.text });
}

async function callRoute(route: (typeof ROUTES)[number], who: Who, input: RouteInput): Promise<void> {
  stats.calls++;
  const rule = ROUTE_RULES[route.id]!;
  const listed = rule.services.filter((s) => matrix.services.has(s));
  const allowed = listed.length ? new Set(listed.flatMap((s) => [...matrix.services.get(s)!])) : new Set<ActorName>();
  const before = await otherUnitRows(who);
  seam.store = copy.store;
  seam.ctx = contextFor(copy.db, actors[who], NOW);
  let response: Response;
  let body: string;
  try {
    response = await route.handler(requestOf(route, input), { params: Promise.resolve(input.params) });
    body = response.status < 300 ? `(${(await response.arrayBuffer()).byteLength} bytes)` : await response.text();
  } catch (err) {
    await copy.renew();
    throw new Error(`${route.id} as ${who} threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)} — input ${describeInput(input)}`);
  } finally {
    seam.store = undefined;
    seam.ctx = undefined;
  }
  const count = (outcome: string) => (stats.outcomes[outcome] = (stats.outcomes[outcome] ?? 0) + 1);
  count(`http ${response.status}`);
  if (response.status === 200) {
    // An upload answers 200 with { ok: true }; downloads with the file. A route the matrix has no
    // service row for is judged by its declared permission (the audit export: the audit administrator).
    return afterSuccess(route.id, who, listed.length ? allowed : undefined, rule.permission, before, input);
  }
  if (response.status < 400 || response.status >= 500) throw new Error(`${route.id} as ${who}: status ${response.status} ${body.slice(0, 200)} — input ${describeInput(input)}`);
  let message: unknown = body;
  if (response.headers.get('content-type')?.includes('json')) message = (JSON.parse(body) as { error?: unknown }).error;
  await afterRefusal(`${route.id} (${response.status})`, who, message, input);
}

describe('hostile input on every route handler (fast-check)', () => {
  it('found the route handlers, each named in ROUTE_RULES', () => {
    expect(ROUTES.length).toBeGreaterThanOrEqual(5);
    expect(ROUTES.map((r) => r.id).filter((id) => !ROUTE_RULES[id]), 'route handlers not named in ROUTE_RULES').toEqual([]);
    // Every rule stands for a service of the matrix or declares its permission.
    for (const [id, rule] of Object.entries(ROUTE_RULES)) expect(rule.services.some((s) => matrix.services.has(s)) || rule.permission !== undefined, id).toBe(true);
  });

  for (const route of ROUTES) {
    it.skipIf(!ROUTE_RULES[route.id])(route.id, async () => {
      await startClean();
      const runs = /\/exports\//.test(route.file) ? CHEAP_ROUTE_RUNS : ROUTE_RUNS;
      for (const who of WHO) await property(`${route.id} as ${who}`, routeArbitrary(route), runs, (input) => callRoute(route, who, input as RouteInput));
    }, 60_000);
  }
});
