import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { asc, count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { ENGINE, type AppDatabase } from '@/db/client';
import { plans, sections, taskUnits, tasks, unitAliases, units } from '@/db/schema';
import { SEED_NOTICE_FILE } from '@/lib/seed/seed';
import { RefusalError } from '@/lib/errors';
import { failureOf } from '@/lib/result';
import { createTempDb, type TempDb } from '@/lib/testing/temp-db';
import { importNoticeText, NoticeParseError } from './import-plan';
import { FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';

const run = promisify(execFile);
const NOTICE = fs.readFileSync(SEED_NOTICE_FILE, 'utf8');
const FIXTURE = fs.readFileSync(path.join(__dirname, '__fixtures__/wrapped-fullwidth.txt'), 'utf8');

async function rowCounts(db: AppDatabase) {
  const n = async (table: typeof plans | typeof sections | typeof tasks | typeof taskUnits | typeof units | typeof unitAliases) => {
    const [row] = await db.select({ n: count() }).from(table);
    return row?.n ?? 0;
  };
  return { plans: await n(plans), sections: await n(sections), tasks: await n(tasks), taskUnits: await n(taskUnits), units: await n(units), aliases: await n(unitAliases) };
}

/** The first row of a query, or undefined. */
async function first<T>(rows: Promise<T[]>): Promise<T | undefined> {
  return (await rows)[0];
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
async function tempDb() {
  const t = await createTempDb();
  cleanups.push(t.cleanup);
  return t;
}

describe('importing the 2023 notice', () => {
  it('writes the plan, 12 sections, 77 tasks and every unit once', async () => {
    const { db } = await tempDb();
    const { summary } = await importNoticeText(db, FIRST_DISTRICT_ID, NOTICE);
    expect(summary).toMatchObject({ status: 'created', code: '临东政办字〔2023〕19号', year: 2023, sections: 12, tasks: 77 });
    const c = await rowCounts(db);
    expect(c).toMatchObject({ plans: 1, sections: 12, tasks: 77 });
    expect(summary.unitsCreated.length).toBe(c.units);
    // 区投资促进中心 and 区投资促进服务中心 are one unit, with the other spelling as an alias.
    const invest = await first(db.select().from(units).where(eq(units.name, '区投资促进服务中心')));
    expect(invest).toBeDefined();
    expect(await first(db.select().from(units).where(eq(units.name, '区投资促进中心')))).toBeUndefined();
    expect((await first(db.select().from(unitAliases).where(eq(unitAliases.alias, '区投资促进中心'))))?.unitId).toBe(invest!.id);
    const leadOf5 = await db
      .select({ name: units.name })
      .from(taskUnits)
      .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
      .innerJoin(units, eq(units.id, taskUnits.unitId))
      .where(eq(tasks.no, 5));
    expect(leadOf5).toEqual([{ name: '区投资促进服务中心' }]);
    // Tasks 75–77 are stored with no unit at all.
    for (const no of [75, 76, 77]) {
      const t = (await first(db.select().from(tasks).where(eq(tasks.no, no))))!;
      expect(await db.select().from(taskUnits).where(eq(taskUnits.taskId, t.id))).toEqual([]);
    }
    const t40 = (await first(db.select().from(tasks).where(eq(tasks.no, 40))))!;
    expect(t40.openEnded).toBe(true);
    expect(t40.text).toContain('全面实行排污许可制');
    expect(t40.text).not.toContain('牵头单位');
  });

  it('importing the same notice twice changes nothing', async () => {
    const { db } = await tempDb();
    await importNoticeText(db, FIRST_DISTRICT_ID, NOTICE);
    const before = await rowCounts(db);
    const taskRowsBefore = await db.select().from(tasks).orderBy(asc(tasks.id));
    expect(taskRowsBefore.length).toBe(77);
    const { summary } = await importNoticeText(db, FIRST_DISTRICT_ID, NOTICE);
    expect(summary.status).toBe('unchanged');
    expect(await rowCounts(db)).toEqual(before);
    expect(await db.select().from(tasks).orderBy(asc(tasks.id))).toEqual(taskRowsBefore);
  });

  it('an edited notice updates tasks in place, keeping their ids', async () => {
    const { db } = await tempDb();
    await importNoticeText(db, FIRST_DISTRICT_ID, NOTICE);
    const id1 = (await first(db.select().from(tasks).where(eq(tasks.no, 1))))!.id;
    const edited = NOTICE.replace('1.培优育强重点产业。', '1.培优育强重点产业集群。');
    const { summary } = await importNoticeText(db, FIRST_DISTRICT_ID, edited);
    expect(summary.status).toBe('updated');
    const t1 = (await first(db.select().from(tasks).where(eq(tasks.no, 1))))!;
    expect(t1.id).toBe(id1);
    expect(t1.title).toBe('培优育强重点产业集群');
    expect((await rowCounts(db)).tasks).toBe(77);
  });

  it('a second notice in the other layout becomes a second plan, reusing existing units', async () => {
    const { db } = await tempDb();
    await importNoticeText(db, FIRST_DISTRICT_ID, NOTICE);
    const unitsBefore = (await rowCounts(db)).units;
    const { summary } = await importNoticeText(db, FIRST_DISTRICT_ID, FIXTURE);
    expect(summary).toMatchObject({ status: 'created', code: '临东政办字〔2024〕5号', year: 2024 });
    expect((await rowCounts(db)).plans).toBe(2);
    // Abbreviations (区发改局, 区工信局 …) resolve to the 2023 units, so no new department appears.
    expect(summary.unitsCreated).toEqual([]);
    expect((await rowCounts(db)).units).toBe(unitsBefore);
  });

  it('a text with no task is an error and writes nothing', async () => {
    const { db } = await tempDb();
    await expect(importNoticeText(db, FIRST_DISTRICT_ID, '关于印发某某工作的通知\n一、总体要求\n请认真贯彻落实。\n')).rejects.toThrow(NoticeParseError);
    await expect(importNoticeText(db, FIRST_DISTRICT_ID, '')).rejects.toThrow(NoticeParseError);
    // A refusal of the one error model: through a service it becomes a message under the text field.
    const err = await importNoticeText(db, FIRST_DISTRICT_ID, '').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RefusalError);
    expect(failureOf(err)).toEqual({ ok: false, error: (err as Error).message, fieldErrors: { text: [(err as Error).message] } });
    expect(await rowCounts(db)).toEqual({ plans: 0, sections: 0, tasks: 0, taskUnits: 0, units: 0, aliases: 0 });
  });
});

describe('npm run plan:import', () => {
  // On PostgreSQL the CLI is pointed at the test's database (DATABASE_URL), as an operator would point it.
  const cli = (args: string[], temp: Pick<TempDb, 'dir' | 'file'>) =>
    run(path.resolve('node_modules/.bin/tsx'), ['scripts/plan-import.ts', ...args], {
      env: { ...process.env, DATA_DIR: temp.dir, ...(ENGINE === 'postgres' ? { DATABASE_URL: temp.file } : {}) },
    });

  it('--dry-run --json prints the parsed plan and writes nothing', async () => {
    const temp = await tempDb();
    const { stdout } = await cli([SEED_NOTICE_FILE, '--dry-run', '--json'], temp);
    const json = JSON.parse(stdout);
    expect(json.sections).toHaveLength(12);
    expect(json.tasks).toHaveLength(77);
    const t40 = json.tasks.find((t: { no: number }) => t.no === 40);
    expect(t40.lead).toEqual(['河东生态环境分局']);
    expect(t40.participating.length).toBeGreaterThanOrEqual(13);
    expect(json.tasks.find((t: { no: number }) => t.no === 16).lead).toHaveLength(5);
    expect(json.warnings).toEqual([expect.objectContaining({ line: expect.any(Number), text: '关闭窗口' })]);
    const [row] = await temp.db.select({ n: count() }).from(plans);
    expect(row?.n).toBe(0);
  });

  it('imports once, then reports the second import as unchanged', async () => {
    const temp = await tempDb();
    expect((await cli([SEED_NOTICE_FILE], temp)).stdout).toContain('已导入');
    expect((await cli([SEED_NOTICE_FILE], temp)).stdout).toContain('内容未变化');
  });

  it('a file with no tasks exits non-zero with a clear message', async () => {
    const temp = await tempDb();
    const empty = path.join(temp.dir, 'empty.txt');
    fs.writeFileSync(empty, '关于印发某某工作的通知\n请认真贯彻落实。\n');
    const err = await cli([empty], temp).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toContain('未识别到任何任务');
    expect(err.stderr).toContain('未写入任何数据');
  });
});
