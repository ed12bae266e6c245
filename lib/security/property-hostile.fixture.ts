/**
 * Test fixture (not a test) of the hostile-input property test (property-hostile.test.ts): a
 * checksum of every table, the permission matrix's expectations read from its own source, the
 * action modules and route handlers found on disk, and fast-check arbitraries of hostile values.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { eq, sql, type SQL } from 'drizzle-orm';
import fc from 'fast-check';
import ts from 'typescript';
import type { z } from 'zod';
import { ENGINE, type AppDatabase } from '@/db/client';
import { queryRows } from '@/db/dialect';
import type { FileStore } from '@/lib/attachments/file-store';
import { ACTORS, openCopy, schemaTablesOf, type ActorName, type Base, type Fixture } from './permission-matrix.fixture';

// ---------------------------------------------------------------------------------------------
// A checksum of every table

const hashRow = (row: unknown) => JSON.stringify(row, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : Buffer.isBuffer(v) ? v.toString('base64') : v));

/**
 * data_generation and task_versions are left out: triggers write them on writes (on PostgreSQL
 * the generation on every writing statement, even one that changes no row; a task's version on
 * an update that leaves its values as they were), so they are the bookkeeping of writes, not
 * data; a write that changes data shows in the table it changed.
 */
const NOT_DATA = new Set(['data_generation', 'task_versions']);

/**
 * The tables the database has beside the schema's (SQLite's sqlite_sequence, the migrations'
 * journal, a table someone created), from the engine's catalogue.
 */
async function otherTables(db: AppDatabase): Promise<string[]> {
  const schema = new Set(schemaTablesOf().map((t) => t.name));
  const rows =
    ENGINE === 'postgres'
      ? await queryRows<{ name: string }>(db, sql`select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`)
      : await queryRows<{ name: string }>(db, sql`select name from sqlite_master where type = 'table' and name not like 'sqlite_stat%'`);
  return rows.map((r) => r.name).filter((name) => !schema.has(name) && !NOT_DATA.has(name));
}

/**
 * One hash per table of the database: every table of the schema, read through drizzle in the
 * order of its primary key, and every other table the database has (its rows in a sorted order),
 * so a table created behind the schema's back is seen too (not data_generation: NOT_DATA).
 */
export async function tableChecksums(db: AppDatabase): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of schemaTablesOf()) {
    if (NOT_DATA.has(t.name)) continue;
    const rows = await db
      .select()
      .from(t.table)
      .orderBy(...t.key.map((c) => t.columns.get(c)!));
    const hash = createHash('sha256');
    for (const row of rows) hash.update(`${hashRow(row)}\n`);
    out[t.name] = hash.digest('hex').slice(0, 16);
  }
  for (const name of await otherTables(db)) {
    const rows = (await queryRows<unknown>(db, sql`select * from ${sql.identifier(name)}`)).map(hashRow).sort();
    out[name] = createHash('sha256').update(rows.join('\n')).digest('hex').slice(0, 16);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Tables with a unit_id that are derived caches, recomputed for every unit by anyone's change (the ranking), or a log of who did what. */
const NOT_A_UNITS_OWN = new Set(['audit_log', 'assessment_scores', 'assessment_month_scores']);

/**
 * One hash per table of a unit's own rows: every table with a `unit_id` column (found in the
 * schema, so a new table is covered), rows of that unit in the order of the primary key.
 */
export async function unitChecksums(db: AppDatabase, unitId: number): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of schemaTablesOf()) {
    if (NOT_A_UNITS_OWN.has(t.name)) continue;
    const unitColumn = t.columns.get('unit_id');
    if (!unitColumn) continue;
    const rows = await db
      .select()
      .from(t.table)
      .where(eq(unitColumn, unitId))
      .orderBy(...t.key.map((c) => t.columns.get(c)!));
    out[t.name] = createHash('sha256').update(hashRow(rows)).digest('hex').slice(0, 16);
  }
  return out;
}

/** The tables whose checksum differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).sort();
}

/** Runs a statement that returns no rows (DDL, an update written by hand) on either engine. */
export async function executeStatement(db: AppDatabase, statement: SQL): Promise<void> {
  if (ENGINE === 'postgres') await (db as unknown as { execute(q: SQL): Promise<unknown> }).execute(statement);
  else await db.run(statement);
}

// ---------------------------------------------------------------------------------------------
// A reusable copy of the base database

/** A copy of the base database and its files, kept open across calls until something changes it. */
export class Copy {
  db!: AppDatabase;
  store!: FileStore;
  dir = '';
  checksum: Record<string, string> = {};
  copies = 0;
  private closeCopy: (() => Promise<void>) | null = null;

  private constructor(private readonly base: Pick<Base, 'dir' | 'pgDatabase'>) {}

  static async open(base: Pick<Base, 'dir' | 'pgDatabase'>): Promise<Copy> {
    const copy = new Copy(base);
    await copy.renew();
    return copy;
  }

  /** A fresh copy (after a call that changed something). */
  async renew(): Promise<void> {
    await this.close();
    const { close, db, store, dir } = await openCopy(this.base, 'keytasks-hostile-');
    this.closeCopy = close;
    this.db = db;
    this.store = store;
    this.dir = dir;
    this.checksum = await tableChecksums(this.db);
    this.copies++;
  }

  async close(): Promise<void> {
    if (!this.closeCopy) return;
    const close = this.closeCopy;
    this.closeCopy = null;
    this.dir = '';
    await close();
  }
}

// ---------------------------------------------------------------------------------------------
// The permission matrix's expectations, read from its source

export type MatrixExpectations = {
  /** `file#export` of an action → the actors some row of the matrix lets succeed. */
  actions: Map<string, Set<ActorName>>;
  /** A service's name (the functions a `svc` row names) → the actors some row lets succeed. */
  services: Map<string, Set<ActorName>>;
};

/**
 * Reads the rows of lib/security/permission-matrix.test.ts (`act(name, module.action, cells(…))`
 * and `svc(name, [services], cells(…))`) without running it: the test file registers tests when
 * imported. `cells(allowed, otherwise, exceptions)` is evaluated as the matrix defines it. A row
 * this reader cannot evaluate throws, so a new form of row is noticed, not skipped.
 */
export function readMatrixExpectations(file = 'lib/security/permission-matrix.test.ts'): MatrixExpectations {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const moduleOf = new Map<string, string>();
  const constants = new Map<string, ts.Expression>();
  let rows: ts.ArrayLiteralExpression | undefined;
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings) && statement.moduleSpecifier.text.startsWith('@/app/')) {
        moduleOf.set(bindings.name.text, `${statement.moduleSpecifier.text.slice(2)}.ts`);
      }
    }
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (!ts.isIdentifier(d.name) || !d.initializer) continue;
        if (d.name.text === 'ROWS' && ts.isArrayLiteralExpression(d.initializer)) rows = d.initializer;
        else constants.set(d.name.text, d.initializer);
      }
    }
  }
  if (!rows) throw new Error(`${file}: no ROWS array`);

  const unwrap = (e: ts.Expression): ts.Expression => (ts.isAsExpression(e) || ts.isParenthesizedExpression(e) || ts.isSatisfiesExpression(e) ? unwrap(e.expression) : e);
  const fail = (e: ts.Node, what: string): never => {
    throw new Error(`${file}:${source.getLineAndCharacterOfPosition(e.getStart()).line + 1}: cannot read ${what}: ${e.getText().slice(0, 120)}`);
  };
  const value = (node: ts.Expression): unknown => {
    const e = unwrap(node);
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
    if (ts.isIdentifier(e)) {
      const c = constants.get(e.text);
      return c ? value(c) : fail(e, 'a constant');
    }
    if (ts.isArrayLiteralExpression(e)) {
      return e.elements.flatMap((el) => (ts.isSpreadElement(el) ? (value(el.expression) as unknown[]) : [value(el)]));
    }
    if (ts.isObjectLiteralExpression(e)) {
      const out: Record<string, unknown> = {};
      for (const p of e.properties) {
        if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) out[p.name.text] = value(p.initializer);
        else if (ts.isSpreadAssignment(p)) Object.assign(out, value(p.expression));
        else fail(p, 'an object property');
      }
      return out;
    }
    return fail(e, 'a value');
  };
  /** The actors a `cells(…)` call lets succeed. */
  const okActors = (node: ts.Expression): ActorName[] => {
    const e = unwrap(node);
    if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression) || e.expression.text !== 'cells') return fail(e, 'cells(…)');
    const [allowedArg, otherwiseArg, exceptionsArg] = e.arguments;
    const allowed = value(allowedArg!) as 'all' | string[];
    const otherwise = otherwiseArg ? (value(otherwiseArg) as string) : 'forbidden';
    const exceptions = exceptionsArg ? (value(exceptionsArg) as Record<string, string>) : {};
    const expected = Object.fromEntries(ACTORS.map((a) => [a, allowed === 'all' || allowed.includes(a) ? 'ok' : otherwise]));
    Object.assign(expected, exceptions);
    return ACTORS.filter((a) => expected[a] === 'ok');
  };

  const out: MatrixExpectations = { actions: new Map(), services: new Map() };
  const add = (map: Map<string, Set<ActorName>>, key: string, actors: ActorName[]) => {
    const set = map.get(key) ?? new Set<ActorName>();
    for (const a of actors) set.add(a);
    map.set(key, set);
  };
  for (const element of rows.elements) {
    const e = unwrap(element as ts.Expression);
    if (!ts.isCallExpression(e) || !ts.isIdentifier(e.expression)) fail(element, 'a row');
    const call = e as ts.CallExpression;
    const kind = (call.expression as ts.Identifier).text;
    if (kind === 'act') {
      const ref = unwrap(call.arguments[1]!);
      if (!ts.isPropertyAccessExpression(ref) || !ts.isIdentifier(ref.expression) || !moduleOf.has(ref.expression.text)) fail(ref, 'an action reference');
      const access = ref as ts.PropertyAccessExpression;
      add(out.actions, `${moduleOf.get((access.expression as ts.Identifier).text)}#${access.name.text}`, okActors(call.arguments[2]!));
    } else if (kind === 'svc') {
      const list = unwrap(call.arguments[1]!);
      if (!ts.isArrayLiteralExpression(list)) fail(list, 'a list of services');
      const actors = okActors(call.arguments[2]!);
      for (const s of (list as ts.ArrayLiteralExpression).elements) {
        if (ts.isIdentifier(s)) add(out.services, s.text, actors);
        // A row that drives an action through a sequence of calls names the action as its service.
        else if (ts.isPropertyAccessExpression(s) && ts.isIdentifier(s.expression) && moduleOf.has(s.expression.text)) add(out.actions, `${moduleOf.get(s.expression.text)}#${s.name.text}`, actors);
        else fail(s, 'a service name');
      }
    } else fail(call, 'a row (act or svc)');
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// What is on disk: action modules and route handlers

function walk(dir: string, keep: (name: string) => boolean, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, keep, out);
    else if (keep(e.name)) out.push(path.relative(process.cwd(), p).split(path.sep).join('/'));
  }
  return out.sort();
}

/** Every action module of the app, found the way the permission matrix finds them. */
export function actionModuleFiles(): string[] {
  return walk(path.resolve('app'), (name) => name === 'actions.ts' || name.endsWith('-actions.ts'));
}

/** Every route handler under app/api but next-auth's own. */
export function routeFiles(): string[] {
  return walk(path.resolve('app/api'), (name) => name === 'route.ts').filter((f) => !f.startsWith('app/api/auth/'));
}

/** The dynamic segments of a route's path (`[id]`, `[...slug]`), by name. */
export function routeParams(file: string): { name: string; catchAll: boolean }[] {
  return [...file.matchAll(/\[(\.\.\.)?([^\]]+)\]/g)].map((m) => ({ name: m[2]!, catchAll: Boolean(m[1]) }));
}

// ---------------------------------------------------------------------------------------------
// Hostile values

export const HUGE_ASCII = 'A'.repeat(100_000);
export const HUGE_CJK = '督'.repeat(100_000);
const BIDI = '\u202e\u2066evil\u2069\u202c';
const CONTROL = Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('');

/** Strings no form sends: huge, control and bidi characters, lone surrogates, markup, SQL-ish quotes, numbers and dates that are not. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\u3000',
  HUGE_ASCII,
  HUGE_CJK,
  CONTROL,
  'a\u0000b',
  '\u001b[31m红色\u001b[0m',
  BIDI,
  `发改${BIDI}局`,
  '\u2066\u2067\u2068\u2069',
  '\ud800',
  '\udfff',
  'x\udc00y',
  '\ufeff',
  '\u200b\u200d',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  "' OR '1'='1",
  "'; drop table tasks; --",
  '"; delete from users; --',
  '%',
  '_',
  '\\',
  '${7*7}',
  '{{7*7}}',
  '../../../etc/passwd',
  '__proto__',
  'constructor',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e308',
  '9007199254740993',
  '0x10',
  '1.5',
  '2023-13-45',
  '2023-02-30',
  '9999-99',
  '2023-11',
  '2023-11-22',
  '2023-10',
  'true',
  'null',
  'undefined',
  '[object Object]',
  '=cmd|"/c calc"!A1',
  '+SUM(1,1)',
];
const NASTY_NUMBERS = [-1, 0, -0, 1, 1.5, NaN, Infinity, -Infinity, 1e308, -1e308, 2 ** 53 + 1, -(2 ** 53 + 1), 2 ** 31, 2 ** 63, Number.MIN_VALUE, Number.EPSILON];

/** Every number of the fixture: ids of both units' records (unit B's included), other people's, periods. */
export function fixtureIds(f: Fixture): number[] {
  const out = new Set<number>();
  const visit = (v: unknown) => {
    if (typeof v === 'number' && Number.isInteger(v)) out.add(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(f);
  return [...out].sort((a, b) => a - b);
}

export type Arbitraries = { string: fc.Arbitrary<string>; number: fc.Arbitrary<number>; id: fc.Arbitrary<number>; leaf: fc.Arbitrary<unknown>; value: fc.Arbitrary<unknown> };

export function hostileArbitraries(ids: readonly number[]): Arbitraries {
  const string = fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...CONTROL, '\u202e', '\u2066', '\ud800', '<', "'", '"', '督', '查'), maxLength: 30 }) },
    { weight: 1, arbitrary: fc.constantFrom(...ids).map(String) },
  );
  const number = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...NASTY_NUMBERS) },
    { weight: 1, arbitrary: fc.double() },
    { weight: 1, arbitrary: fc.integer() },
  );
  const id = fc.constantFrom(...ids);
  const leaf = fc.oneof(
    { weight: 4, arbitrary: string },
    { weight: 3, arbitrary: number },
    { weight: 3, arbitrary: id },
    { weight: 1, arbitrary: fc.boolean() },
    { weight: 1, arbitrary: fc.constantFrom(null, undefined) },
    { weight: 1, arbitrary: fc.bigInt() },
  );
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 6, arbitrary: leaf },
      { weight: 1, arbitrary: fc.array(tie('value'), { maxLength: 4 }) },
      { weight: 1, arbitrary: fc.dictionary(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'taskId', 'unitId', 'userId'), fc.string({ maxLength: 6 })), tie('value'), { maxKeys: 4 }) },
      { weight: 1, arbitrary: fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as unknown) },
      { weight: 1, arbitrary: fc.constantFrom(...ids).map((n) => Array.from({ length: 2000 }, () => n)) },
    ),
  }));
  return { string, number, id, leaf, value };
}

/** Plausible strings, so some calls get past the schema and reach the service with another unit's ids. */
const PLAUSIBLE_STRINGS = ['2023-11', '2023-10', '2023-11-22', '2023-11-30', '2024-01-15', 'approve', 'return', 'save', 'submit', '区科学技术局', '区发展和改革局', '测试内容', 'report', 'contribution'];

/**
 * Objects with an action schema's real keys (read from the zod definition, through pipes,
 * optionals, unions and arrays), each value either plausible for its type or hostile. Returns
 * undefined when the schema is no object at any depth (the random shapes cover it).
 */
export function shapedArbitrary(schema: z.ZodType, a: Arbitraries): fc.Arbitrary<unknown> | undefined {
  const plausibleString = fc.oneof(fc.constantFrom(...PLAUSIBLE_STRINGS), a.id.map(String));
  // Mostly plausible values with a hostile one here and there (about one leaf in ten): a call
  // that gets past the schema reaches the service with another unit's ids, a huge text or a
  // control character in one field; the others stop at the schema, with its message.
  const hostileOr = (arb: fc.Arbitrary<unknown>) => fc.oneof({ weight: 9, arbitrary: arb }, { weight: 1, arbitrary: a.value });
  const shaped = (s: z.ZodType, depth: number): { arb: fc.Arbitrary<unknown>; structured: boolean } => {
    const def = (s as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
    if (depth > 4) return { arb: a.value, structured: false };
    switch (def.type) {
      case 'object': {
        const shape = def.shape as Record<string, z.ZodType>;
        const record = fc.record(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, shaped(v, depth + 1).arb])));
        // Sometimes a key left out, or one more the schema does not know (a prototype-polluting one, a unit or role of one's choosing).
        const rarely = <T>(arb: fc.Arbitrary<T>, weight: number) => fc.oneof({ weight, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
        const drop = Object.keys(shape).length && depth === 0 ? rarely(fc.constantFrom(...Object.keys(shape)), 7) : fc.constant(undefined);
        const extra = rarely(fc.tuple(fc.constantFrom('__proto__', 'constructor', 'unitId', 'role', 'userId', 'isAdmin'), a.value), 3);
        return {
          structured: true,
          arb: hostileOr(
            fc.tuple(record, drop, extra).map(([r, d, x]) => {
              const out: Record<string, unknown> = { ...r };
              if (d !== undefined) delete out[d];
              if (x) Object.defineProperty(out, x[0], { value: x[1], enumerable: true, configurable: true, writable: true });
              return out;
            }),
          ),
        };
      }
      case 'array': {
        const inner = shaped(def.element as z.ZodType, depth + 1);
        // Now and then a long list of plausible elements (a batch of 200 rows, unit ids, milestones).
        const list = fc.oneof({ weight: 11, arbitrary: fc.array(inner.arb, { maxLength: 3 }) }, { weight: 1, arbitrary: fc.array(inner.arb, { minLength: 200, maxLength: 200 }) });
        return { structured: inner.structured, arb: hostileOr(list) };
      }
      case 'optional':
      case 'default':
      case 'prefault':
        return { ...shaped(def.innerType as z.ZodType, depth), arb: fc.oneof({ weight: 5, arbitrary: shaped(def.innerType as z.ZodType, depth).arb }, { weight: 1, arbitrary: fc.constant(undefined) }) };
      case 'nullable':
        return { ...shaped(def.innerType as z.ZodType, depth), arb: fc.oneof({ weight: 5, arbitrary: shaped(def.innerType as z.ZodType, depth).arb }, { weight: 1, arbitrary: fc.constant(null) }) };
      case 'catch':
      case 'readonly':
      case 'nonoptional':
        return shaped(def.innerType as z.ZodType, depth);
      case 'pipe':
        return shaped(def.in as z.ZodType, depth);
      case 'union': {
        const options = (def.options as z.ZodType[]).map((o) => shaped(o, depth));
        return { structured: options.some((o) => o.structured), arb: fc.oneof(...options.map((o) => o.arb)) };
      }
      case 'intersection': {
        const l = shaped(def.left as z.ZodType, depth);
        const r = shaped(def.right as z.ZodType, depth);
        return {
          structured: l.structured || r.structured,
          arb: fc.tuple(l.arb, r.arb).map(([x, y]) => (x && y && typeof x === 'object' && typeof y === 'object' ? { ...x, ...y } : x)),
        };
      }
      case 'enum':
        return { structured: false, arb: hostileOr(fc.constantFrom(...Object.values(def.entries as Record<string, string | number>))) };
      case 'literal':
        return { structured: false, arb: hostileOr(fc.constantFrom(...(def.values as unknown[]))) };
      case 'number':
      case 'int':
        return { structured: false, arb: fc.oneof({ weight: 6, arbitrary: a.id }, { weight: 3, arbitrary: fc.integer({ min: 0, max: 100 }) }, { weight: 1, arbitrary: a.number }) };
      case 'string':
        return { structured: false, arb: fc.oneof({ weight: 3, arbitrary: plausibleString }, { weight: 2, arbitrary: a.string }) };
      case 'boolean':
        return { structured: false, arb: hostileOr(fc.boolean()) };
      default:
        return { structured: false, arb: a.value };
    }
  };
  const top = shaped(schema, 0);
  if (!top.structured) return undefined;
  // Sometimes as a form would post it: FormData, every value a string.
  return fc.oneof(
    { weight: 7, arbitrary: top.arb },
    {
      weight: 1,
      arbitrary: top.arb.map((v) => {
        if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
        const form = new FormData();
        for (const [k, x] of Object.entries(v)) form.append(k, typeof x === 'object' && x !== null ? JSON.stringify(x, (_k, y: unknown) => (typeof y === 'bigint' ? String(y) : y)) : String(x));
        return form;
      }),
    },
  );
}

/** A short, printable account of an input for a failure message (huge strings and control characters abbreviated). */
export function describeInput(input: unknown): string {
  if (input instanceof FormData) return `FormData ${describeInput(Object.fromEntries(input))}`;
  let text: string;
  try {
    text =
      JSON.stringify(input, (_k, v: unknown) => {
        if (typeof v === 'bigint') return `${v}n`;
        if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
        if (typeof v === 'string' && v.length > 60) return `${v.slice(0, 20)}…(${v.length} chars)`;
        if (Array.isArray(v) && v.length > 20) return `[${v.length} items: ${JSON.stringify(v[0])}, …]`;
        return v;
      }) ?? String(input);
  } catch {
    text = String(input);
  }
  return JSON.stringify(text.length > 400 ? `${text.slice(0, 400)}…` : text).slice(1, -1);
}

/** The strings inside an input (leaves of objects, arrays and FormData), longest first. */
export function stringsIn(input: unknown, out: string[] = []): string[] {
  if (typeof input === 'string') out.push(input);
  else if (input instanceof FormData) for (const [, v] of input) stringsIn(v, out);
  else if (input && typeof input === 'object') for (const v of Object.values(input)) stringsIn(v, out);
  return out.sort((x, y) => y.length - x.length);
}

const ENGLISH_FAULT = /Error:|(^|\s)at\s|\bat [\w$.<>]+ \(|undefined|NaN|SQLITE|Invalid input|expected|received|Cannot|TypeError|is not a function|null\b/;

/**
 * Why a refusal's message is not a clear Chinese one, or null when it is: non-empty, with
 * Chinese characters, without a stack trace, English exception text or a zod default message.
 * The input's own strings are taken out first (a message may quote what was sent).
 */
export function messageProblem(message: unknown, input: unknown): string | null {
  if (typeof message !== 'string' || message.trim() === '') return 'the message is empty';
  if (!/[\u4e00-\u9fff]/.test(message)) return 'the message has no Chinese';
  let rest = message;
  for (const s of stringsIn(input)) if (s.length >= 2) rest = rest.split(s).join('');
  const hit = ENGLISH_FAULT.exec(rest);
  return hit ? `the message has English or fault text (“${hit[0].trim()}”)` : null;
}
