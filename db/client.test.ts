/**
 * The guarantees of the asynchronous database handle (db/client.ts), which SQLite gave for free
 * while every call was synchronous: writes are serialised, a transaction that awaits in the middle
 * is invisible to other requests until it commits, a throw rolls everything back, and a service
 * called inside another's transaction joins it.
 */
import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { endDatabase, ENGINE, isTx, JOB_KEYS, migrateDatabase, openDatabase, openPostgres, readSideBySide, runExclusively, runOneAtATime, transaction, type AppDatabase } from '@/db/client';
import { units } from '@/db/schema';
import { createTempDb, type TempDb } from '@/lib/testing/temp-db';

let env: TempDb;
let db: AppDatabase;

beforeEach(async () => {
  env = await createTempDb();
  db = env.db;
});
afterEach(() => env.cleanup());

/** Lets other queued work (another "request") run, as a real await on I/O would (a server database answers in milliseconds, not microseconds). */
const yieldToOthers = () => new Promise<void>((resolve) => setTimeout(resolve, ENGINE === 'postgres' ? 100 : 5));

async function unitNames(): Promise<string[]> {
  const rows = await db.select({ name: units.name }).from(units).orderBy(units.name);
  return rows.map((r) => r.name);
}

describe('transaction()', () => {
  it('commits what the function wrote and returns its result', async () => {
    const id = await transaction(db, async (tx) => {
      const [row] = await tx.insert(units).values({ districtId: 1, name: '甲局', kind: 'department' }).returning({ id: units.id });
      return row!.id;
    });
    expect(id).toBeGreaterThan(0);
    expect(await unitNames()).toEqual(['甲局']);
  });

  it('rolls everything back when the function throws, also after an await', async () => {
    await expect(
      transaction(db, async (tx) => {
        await tx.insert(units).values({ districtId: 1, name: '甲局', kind: 'department' });
        await yieldToOthers();
        await tx.insert(units).values({ districtId: 1, name: '乙局', kind: 'department' });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await unitNames()).toEqual([]);
  });

  it('two interleaved requests: the reader never sees the other request’s uncommitted write', async () => {
    const seen: string[][] = [];
    let inserted!: () => void;
    const afterInsert = new Promise<void>((resolve) => (inserted = resolve));
    let release!: () => void;
    const mayCommit = new Promise<void>((resolve) => (release = resolve));

    // Request 1 writes, then awaits in the middle of its transaction.
    const request1 = transaction(db, async (tx) => {
      await tx.insert(units).values({ districtId: 1, name: '甲局', kind: 'department' });
      // Inside the transaction its own write is visible.
      const own = await tx.select({ name: units.name }).from(units);
      expect(own.map((r) => r.name)).toEqual(['甲局']);
      inserted();
      await mayCommit;
    });
    // Request 2 reads while request 1 is suspended mid-transaction.
    await afterInsert;
    seen.push(await unitNames());
    release();
    await request1;
    seen.push(await unitNames());
    expect(seen).toEqual([[], ['甲局']]);
  });

  it('serialises writers: a second transaction starts only after the first committed', async () => {
    const order: string[] = [];
    let release!: () => void;
    const mayCommit = new Promise<void>((resolve) => (release = resolve));
    const first = transaction(db, async (tx) => {
      order.push('first:start');
      await tx.insert(units).values({ districtId: 1, name: '甲局', kind: 'department' });
      await mayCommit;
      order.push('first:end');
    });
    const second = transaction(db, async (tx) => {
      order.push('second:start');
      // It sees the first one's committed row: it ran after, not beside it.
      const rows = await tx.select({ name: units.name }).from(units);
      order.push(`second:sees ${rows.length}`);
      await tx.update(units).set({ name: '甲局（改）' }).where(eq(units.name, '甲局'));
    });
    await yieldToOthers();
    expect(order).toEqual(['first:start']);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first:start', 'first:end', 'second:start', 'second:sees 1']);
    expect(await unitNames()).toEqual(['甲局（改）']);
  });

  it('a failed transaction does not block the next one', async () => {
    await expect(transaction(db, async () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    await transaction(db, async (tx) => {
      await tx.insert(units).values({ districtId: 1, name: '丙局', kind: 'department' });
    });
    expect(await unitNames()).toEqual(['丙局']);
  });

  it('a service called inside another’s transaction joins it (no deadlock on the writer lock); its throw undoes only its part', async () => {
    await transaction(db, async (tx) => {
      await tx.insert(units).values({ districtId: 1, name: '甲局', kind: 'department' });
      // Called with the app handle, as a service that opens its own transaction would be.
      await transaction(db, async (inner) => {
        expect(isTx(inner)).toBe(true);
        await inner.insert(units).values({ districtId: 1, name: '乙局', kind: 'department' });
      });
      await expect(
        transaction(tx, async (inner) => {
          await inner.insert(units).values({ districtId: 1, name: '丙局', kind: 'department' });
          throw new Error('inner refused');
        }),
      ).rejects.toThrow('inner refused');
    });
    expect(await unitNames()).toEqual(['乙局', '甲局']);
  });

  it('refuses a transaction handle used after its transaction ended', async () => {
    let kept: unknown;
    await transaction(db, async (tx) => {
      kept = tx;
    });
    await expect(transaction(kept as Parameters<typeof transaction>[0], async () => undefined)).rejects.toThrow('already ended');
  });

  it('another process (a second handle on the same database) sees only committed data too', async () => {
    const other = ENGINE === 'postgres' ? openPostgres(env.file) : openDatabase(env.file);
    try {
      let release!: () => void;
      const mayCommit = new Promise<void>((resolve) => (release = resolve));
      let inserted!: () => void;
      const afterInsert = new Promise<void>((resolve) => (inserted = resolve));
      const writing = transaction(db, async (tx) => {
        await tx.insert(units).values({ districtId: 1, name: '甲局', kind: 'department' });
        inserted();
        await mayCommit;
      });
      await afterInsert;
      expect(await other.select().from(units)).toEqual([]);
      release();
      await writing;
      expect((await other.select({ name: units.name }).from(units)).map((r) => r.name)).toEqual(['甲局']);
    } finally {
      await endDatabase(other);
    }
  });
});

describe('readSideBySide()', () => {
  /** A read that records when it starts and ends, taking a moment of the database's time. */
  function tracedReads(log: string[]) {
    const read = (name: string) => async () => {
      log.push(`start ${name}`);
      const rows = await db.select({ name: units.name }).from(units).where(eq(units.name, name));
      await yieldToOthers();
      log.push(`end ${name}`);
      return rows.length;
    };
    return [read('甲'), read('乙'), read('丙')] as const;
  }

  it('gives each read its own result, in order', async () => {
    await db.insert(units).values([
      { districtId: 1, name: '甲', kind: 'department' },
      { districtId: 1, name: '丙', kind: 'department' },
    ]);
    const [a, b, c, rows] = await readSideBySide(db, [...tracedReads([]), () => db.select({ name: units.name }).from(units).orderBy(units.name)]);
    expect([a, b, c]).toEqual([1, 0, 1]);
    expect(rows.map((r) => r.name)).toEqual(['丙', '甲']);
  });

  it('on PostgreSQL outside a transaction the reads overlap; on SQLite, and in a transaction on either engine, one runs after another', async () => {
    const outside: string[] = [];
    await readSideBySide(db, tracedReads(outside));
    const sequential = ['start 甲', 'end 甲', 'start 乙', 'end 乙', 'start 丙', 'end 丙'];
    if (ENGINE === 'postgres') expect(outside.slice(0, 3)).toEqual(['start 甲', 'start 乙', 'start 丙']);
    else expect(outside).toEqual(sequential);
    const inside: string[] = [];
    await transaction(db, async (tx) => {
      expect(isTx(tx)).toBe(true);
      await readSideBySide(tx, tracedReads(inside));
    });
    expect(inside).toEqual(sequential);
  });

  it('a read that fails fails the whole, and no other read is left unhandled', async () => {
    const boom = async () => {
      throw new Error('读取失败');
    };
    await expect(readSideBySide(db, [() => db.select().from(units), boom, boom])).rejects.toThrow('读取失败');
  });
});

describe.runIf(ENGINE === 'sqlite')('compiled statements kept per connection (SQLite)', () => {
  beforeEach(async () => {
    await db.insert(units).values([
      { districtId: 1, name: '甲局', kind: 'department' },
      { districtId: 1, name: '乙局', kind: 'department' },
    ]);
  });

  it('hands back the same statement for the same SQL, in its default mode', async () => {
    const client = db.$client;
    const a = client.prepare('select id, name from units order by id limit 1');
    a.raw(true);
    const b = client.prepare('select id, name from units order by id limit 1');
    expect(b).toBe(a);
    // drizzle switched raw mode on for its call; the next caller gets objects again.
    expect(Array.isArray(b.get())).toBe(false);
    const pluck = client.prepare('select count(*) from units').pluck();
    expect(typeof pluck.get()).toBe('number');
    expect(typeof client.prepare('select count(*) from units').get()).toBe('object');
  });

  it('never hands out a statement that is still iterating', () => {
    const client = db.$client;
    const sql = 'select id from units order by id';
    const outer = client.prepare(sql);
    let inner = 0;
    for (const _row of outer.iterate()) {
      const again = client.prepare(sql);
      expect(again).not.toBe(outer);
      inner += (again.all() as unknown[]).length;
      break;
    }
    expect(inner).toBeGreaterThan(0);
  });

  it('drizzle queries give the same rows through the cache, also after a write changed them', async () => {
    const before = await unitNames();
    expect(await unitNames()).toEqual(before);
    await transaction(db, async (tx) => {
      await tx.update(units).set({ name: '区测试改名局' }).where(eq(units.name, before[0]!));
    });
    expect(await unitNames()).toEqual(['区测试改名局', '甲局']);
  });
});

describe.runIf(ENGINE === 'postgres')('two app instances on one PostgreSQL (PostgreSQL)', () => {
  it('their write transactions run one at a time, and the second sees the first one’s commit', async () => {
    const instanceB = openPostgres(env.file);
    try {
      const order: string[] = [];
      let release!: () => void;
      const mayCommit = new Promise<void>((resolve) => (release = resolve));
      const onA = transaction(db, async (tx) => {
        order.push('A:start');
        await tx.insert(units).values({ districtId: 1, name: '甲局', kind: 'department' });
        await mayCommit;
        order.push('A:end');
      });
      await yieldToOthers();
      const onB = transaction(instanceB, async (tx) => {
        order.push('B:start');
        const rows = await tx.select({ name: units.name }).from(units);
        order.push(`B:sees ${rows.map((r) => r.name).join(',')}`);
      });
      await yieldToOthers();
      expect(order).toEqual(['A:start']);
      release();
      await Promise.all([onA, onB]);
      expect(order).toEqual(['A:start', 'A:end', 'B:start', 'B:sees 甲局']);
    } finally {
      await endDatabase(instanceB);
    }
  });
});

describe('jobs across app instances (runExclusively, runOneAtATime)', () => {
  /** A job that records when it runs and waits until released; `started` settles once it runs. */
  function job(log: string[], name: string) {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let markStarted!: () => void;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    const run = async () => {
      log.push(`${name}:start`);
      markStarted();
      await released;
      log.push(`${name}:end`);
      return name;
    };
    return { run, release, started };
  }

  it('a scheduler tick runs on one instance only while another runs it (PostgreSQL); SQLite has one process, which always runs it', async () => {
    const instanceB = ENGINE === 'postgres' ? openPostgres(env.file) : db;
    try {
      const log: string[] = [];
      const a = job(log, 'A');
      const b = job(log, 'B');
      const onA = runExclusively(db, JOB_KEYS.scheduler, async () => void (await a.run()));
      // A holds the lock (it is running) before B tries; B's answer comes while A still runs.
      await a.started;
      b.release();
      const ranB = await runExclusively(instanceB, JOB_KEYS.scheduler, async () => void (await b.run()));
      expect(ranB).toBe(ENGINE === 'sqlite');
      a.release();
      expect(await onA).toBe(true);
      // The lock is free again: the next tick runs.
      expect(await runExclusively(instanceB, JOB_KEYS.scheduler, async () => undefined)).toBe(true);
    } finally {
      if (instanceB !== db) await endDatabase(instanceB);
    }
  });

  it('a start-up job (the first seed) runs on every instance, one after the other, never side by side', async () => {
    const instanceB = ENGINE === 'postgres' ? openPostgres(env.file) : db;
    try {
      const log: string[] = [];
      const a = job(log, 'A');
      const b = job(log, 'B');
      const onA = runOneAtATime(db, JOB_KEYS.setup, a.run);
      await a.started;
      const onB = runOneAtATime(instanceB, JOB_KEYS.setup, b.run);
      await yieldToOthers();
      if (ENGINE === 'postgres') expect(log).toEqual(['A:start']);
      a.release();
      await onA;
      b.release();
      expect(await Promise.all([onA, onB])).toEqual(['A', 'B']);
      if (ENGINE === 'postgres') expect(log).toEqual(['A:start', 'A:end', 'B:start', 'B:end']);
      // A job that throws releases the lock for the next one.
      await expect(runOneAtATime(db, JOB_KEYS.setup, async () => Promise.reject(new Error('失败')))).rejects.toThrow('失败');
      expect(await runOneAtATime(instanceB, JOB_KEYS.setup, async () => 'next')).toBe('next');
    } finally {
      if (instanceB !== db) await endDatabase(instanceB);
    }
  });
});

describe.runIf(ENGINE === 'postgres')('PostgreSQL: several instances starting, several databases (PostgreSQL)', () => {
  it('two instances migrating a new database at once both succeed (one waits for the other)', async () => {
    const { adminUrl, databaseUrl } = await import('@/lib/testing/pg-test-db');
    const pg = (await import('pg')).default;
    const name = `fresh_${process.pid}_${Date.now()}`;
    const admin = new pg.Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    const [a, b] = [openPostgres(databaseUrl(adminUrl(), name)), openPostgres(databaseUrl(adminUrl(), name))];
    try {
      await Promise.all([migrateDatabase(a), migrateDatabase(b)]);
      expect(await a.select().from(units)).toEqual([]);
    } finally {
      await endDatabase(a);
      await endDatabase(b);
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });

  it('a transaction on another database, opened inside one on this database, is refused (not joined, not left waiting)', async () => {
    const other = openPostgres(env.file);
    try {
      await expect(
        transaction(db, async () => {
          await transaction(other, async () => undefined);
        }),
      ).rejects.toThrow('another database');
    } finally {
      await endDatabase(other);
    }
  });
});
