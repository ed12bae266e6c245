import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { count, eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppDatabase } from '@/db/client';
import { openDatabase } from '@/db/client';
import { plans, sections, taskUnits, tasks, unitAliases, units } from '@/db/schema';
import { SEED_NOTICE_FILE } from '@/lib/seed/seed';
import { createTempDb } from '@/lib/testing/temp-db';
import { importNoticeText, NoticeParseError } from './import-plan';

const run = promisify(execFile);
const NOTICE = fs.readFileSync(SEED_NOTICE_FILE, 'utf8');
const FIXTURE = fs.readFileSync(path.join(__dirname, '__fixtures__/wrapped-fullwidth.txt'), 'utf8');

function rowCounts(db: AppDatabase) {
  const n = (table: typeof plans | typeof sections | typeof tasks | typeof taskUnits | typeof units | typeof unitAliases) =>
    db.select({ n: count() }).from(table).get()?.n ?? 0;
  return { plans: n(plans), sections: n(sections), tasks: n(tasks), taskUnits: n(taskUnits), units: n(units), aliases: n(unitAliases) };
}

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));
function tempDb() {
  const t = createTempDb();
  cleanups.push(t.cleanup);
  return t;
}

describe('importing the 2023 notice', () => {
  it('writes the plan, 12 sections, 77 tasks and every unit once', () => {
    const { db } = tempDb();
    const { summary } = importNoticeText(db, NOTICE);
    expect(summary).toMatchObject({ status: 'created', code: '临东政办字〔2023〕19号', year: 2023, sections: 12, tasks: 77 });
    const c = rowCounts(db);
    expect(c).toMatchObject({ plans: 1, sections: 12, tasks: 77 });
    expect(summary.unitsCreated.length).toBe(c.units);
    // 区投资促进中心 and 区投资促进服务中心 are one unit, with the other spelling as an alias.
    const invest = db.select().from(units).where(eq(units.name, '区投资促进服务中心')).get();
    expect(invest).toBeDefined();
    expect(db.select().from(units).where(eq(units.name, '区投资促进中心')).get()).toBeUndefined();
    expect(db.select().from(unitAliases).where(eq(unitAliases.alias, '区投资促进中心')).get()?.unitId).toBe(invest!.id);
    const leadOf5 = db
      .select({ name: units.name })
      .from(taskUnits)
      .innerJoin(tasks, eq(tasks.id, taskUnits.taskId))
      .innerJoin(units, eq(units.id, taskUnits.unitId))
      .where(eq(tasks.no, 5))
      .all();
    expect(leadOf5).toEqual([{ name: '区投资促进服务中心' }]);
    // Tasks 75–77 are stored with no unit at all.
    for (const no of [75, 76, 77]) {
      const t = db.select().from(tasks).where(eq(tasks.no, no)).get()!;
      expect(db.select().from(taskUnits).where(eq(taskUnits.taskId, t.id)).all()).toEqual([]);
    }
    const t40 = db.select().from(tasks).where(eq(tasks.no, 40)).get()!;
    expect(t40.openEnded).toBe(true);
    expect(t40.text).toContain('全面实行排污许可制');
    expect(t40.text).not.toContain('牵头单位');
  });

  it('importing the same notice twice changes nothing', () => {
    const { db } = tempDb();
    importNoticeText(db, NOTICE);
    const before = rowCounts(db);
    const taskRowsBefore = db.select().from(tasks).all();
    const { summary } = importNoticeText(db, NOTICE);
    expect(summary.status).toBe('unchanged');
    expect(rowCounts(db)).toEqual(before);
    expect(db.select().from(tasks).all()).toEqual(taskRowsBefore);
  });

  it('an edited notice updates tasks in place, keeping their ids', () => {
    const { db } = tempDb();
    importNoticeText(db, NOTICE);
    const id1 = db.select().from(tasks).where(eq(tasks.no, 1)).get()!.id;
    const edited = NOTICE.replace('1.培优育强重点产业。', '1.培优育强重点产业集群。');
    const { summary } = importNoticeText(db, edited);
    expect(summary.status).toBe('updated');
    const t1 = db.select().from(tasks).where(eq(tasks.no, 1)).get()!;
    expect(t1.id).toBe(id1);
    expect(t1.title).toBe('培优育强重点产业集群');
    expect(rowCounts(db).tasks).toBe(77);
  });

  it('a second notice in the other layout becomes a second plan, reusing existing units', () => {
    const { db } = tempDb();
    importNoticeText(db, NOTICE);
    const unitsBefore = rowCounts(db).units;
    const { summary } = importNoticeText(db, FIXTURE);
    expect(summary).toMatchObject({ status: 'created', code: '临东政办字〔2024〕5号', year: 2024 });
    expect(rowCounts(db).plans).toBe(2);
    // Abbreviations (区发改局, 区工信局 …) resolve to the 2023 units, so no new department appears.
    expect(summary.unitsCreated).toEqual([]);
    expect(rowCounts(db).units).toBe(unitsBefore);
  });

  it('a text with no task is an error and writes nothing', () => {
    const { db } = tempDb();
    expect(() => importNoticeText(db, '关于印发某某工作的通知\n一、总体要求\n请认真贯彻落实。\n')).toThrow(NoticeParseError);
    expect(() => importNoticeText(db, '')).toThrow(NoticeParseError);
    expect(rowCounts(db)).toEqual({ plans: 0, sections: 0, tasks: 0, taskUnits: 0, units: 0, aliases: 0 });
  });
});

describe('npm run plan:import', () => {
  const cli = (args: string[], dataDir: string) =>
    run(path.resolve('node_modules/.bin/tsx'), ['scripts/plan-import.ts', ...args], { env: { ...process.env, DATA_DIR: dataDir } });

  it('--dry-run --json prints the parsed plan and writes nothing', async () => {
    const { dir, file } = tempDb();
    const { stdout } = await cli([SEED_NOTICE_FILE, '--dry-run', '--json'], dir);
    const json = JSON.parse(stdout);
    expect(json.sections).toHaveLength(12);
    expect(json.tasks).toHaveLength(77);
    const t40 = json.tasks.find((t: { no: number }) => t.no === 40);
    expect(t40.lead).toEqual(['河东生态环境分局']);
    expect(t40.participating.length).toBeGreaterThanOrEqual(13);
    expect(json.tasks.find((t: { no: number }) => t.no === 16).lead).toHaveLength(5);
    expect(json.warnings).toEqual([expect.objectContaining({ line: expect.any(Number), text: '关闭窗口' })]);
    const db = openDatabase(file);
    expect(db.select({ n: count() }).from(plans).get()?.n).toBe(0);
    db.$client.close();
  });

  it('imports once, then reports the second import as unchanged', async () => {
    const { dir } = tempDb();
    expect((await cli([SEED_NOTICE_FILE], dir)).stdout).toContain('已导入');
    expect((await cli([SEED_NOTICE_FILE], dir)).stdout).toContain('内容未变化');
  });

  it('a file with no tasks exits non-zero with a clear message', async () => {
    const { dir } = tempDb();
    const empty = path.join(dir, 'empty.txt');
    fs.writeFileSync(empty, '关于印发某某工作的通知\n请认真贯彻落实。\n');
    const err = await cli([empty], dir).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toContain('未识别到任何任务');
    expect(err.stderr).toContain('未写入任何数据');
  });
});
