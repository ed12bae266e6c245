import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINE, MIGRATIONS_DIR } from './client';
import { migrateSqlite } from './sqlite-client';

/**
 * Migration 0006 on a database of the one-plan era: the newest plan stays in the loop, older ones are
 * archived, and notification links that carried task numbers now carry task ids. A migration of
 * SQLite's history (db/migrations): PostgreSQL databases start from their own migrations
 * (db/migrations-pg), made after it, so it runs on SQLite only.
 */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keytasks-migration-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A copy of the migrations folder that stops before `tag`. */
function migrationsBefore(tag: string): string {
  const out = path.join(dir, `before-${tag}`);
  fs.mkdirSync(path.join(out, 'meta'), { recursive: true });
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  const cut = journal.entries.findIndex((e) => e.tag === tag);
  const entries = journal.entries.slice(0, cut);
  for (const e of entries) fs.copyFileSync(path.join(MIGRATIONS_DIR, `${e.tag}.sql`), path.join(out, `${e.tag}.sql`));
  fs.writeFileSync(path.join(out, 'meta/_journal.json'), JSON.stringify({ ...journal, entries }));
  return out;
}

describe.runIf(ENGINE === 'sqlite')('migration 0006 (several lists)', () => {
  it('archives all but the newest plan and rewrites task links from numbers to ids', () => {
    const sqlite = new Database(path.join(dir, 'app.db'));
    sqlite.pragma('foreign_keys = ON');
    const db = drizzle(sqlite);
    migrate(db, { migrationsFolder: migrationsBefore('0006_multiple_lists') });
    // 2022 imported after 2023: ids of the 2023 plan's tasks are not their numbers.
    sqlite.exec(`
      insert into plans (id, code, title, year, source_hash) values (1, '文号A', '2023年任务', 2023, 'a'), (2, '文号B', '2022年任务', 2022, 'b');
      insert into sections (id, plan_id, no, numeral, title) values (1, 1, 1, '一', '部分'), (2, 2, 1, '一', '部分');
      insert into tasks (id, plan_id, section_id, no, title, text) values (5, 2, 2, 1, '旧任务', '旧'), (7, 1, 1, 1, '任务一', '一'), (9, 1, 1, 40, '任务四十', '四十');
      insert into users (id, username, display_name, password_hash, role) values (1, 'u', '用户', 'x', 'leader');
      insert into notifications (user_id, kind, title, link, created_at) values
        (1, 'reminder', 'a', '/tasks/40', 0), (1, 'reminder', 'b', '/tasks/40#instructions', 0), (1, 'reminder', 'c', '/my/tasks/1?period=2023-11', 0),
        (1, 'reminder', 'd', '/notices/3', 0), (1, 'reminder', 'e', '/tasks/77', 0), (1, 'reminder', 'f', null, 0);
    `);
    // As the app migrates (openDatabase): later migrations add NOT NULL references, with foreign keys off and checked after.
    migrateSqlite(db);
    expect(sqlite.prepare('select id, status, short_name as shortName from plans order by id').all()).toEqual([
      { id: 1, status: 'active', shortName: '重点任务' },
      { id: 2, status: 'archived', shortName: '重点任务' },
    ]);
    expect(sqlite.prepare('select link from notifications order by id').all().map((r) => (r as { link: string | null }).link)).toEqual([
      '/tasks/9',
      '/tasks/9#instructions',
      '/my/tasks/7?period=2023-11',
      '/notices/3',
      '/tasks/77',
      null,
    ]);
    sqlite.close();
  });
});
