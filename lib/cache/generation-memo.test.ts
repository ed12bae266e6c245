import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endDatabase, ENGINE, openDatabase, openPostgres, transaction } from '@/db/client';
import { dataGenerationCounter, loginThrottle, settings, units, users, userSessions } from '@/db/schema';
import { districtKey, FIRST_DISTRICT_ID } from '@/lib/districts/district-scope';
import { createTempDb, type TempDb } from '@/lib/testing/temp-db';
import { clearGenerationMemo, dataGeneration, ENTRIES_PER_DISTRICT, memoByGeneration, memoByGenerationFrom, peekByGeneration, VIEW_ENTRIES } from './generation-memo';

let env: TempDb;
beforeAll(async () => {
  env = await createTempDb();
  await env.db.insert(units).values({ districtId: FIRST_DISTRICT_ID, name: '区统计局' });
});
afterAll(() => env.cleanup());

/** A computation that counts its calls. */
function counter() {
  let calls = 0;
  const compute = async () => ++calls;
  return { compute, calls: () => calls };
}

describe('memoByGeneration', () => {
  it('callers that arrive while the value is being computed share the one computation', async () => {
    let calls = 0;
    // The result is settled by the test; the computation may start only after the generation is read (asynchronously).
    let finish!: (n: number) => void;
    const result = new Promise<number>((resolve) => (finish = resolve));
    const compute = () => {
      calls++;
      return result;
    };
    const waiting = Array.from({ length: 20 }, () => memoByGeneration(env.db, 'herd', compute));
    finish(42);
    expect(await Promise.all(waiting)).toEqual(Array(20).fill(42));
    expect(calls).toBe(1);
  });

  it('a computation that fails is not kept: the next call computes again', async () => {
    let calls = 0;
    const failing = async () => {
      calls++;
      throw new Error('boom');
    };
    await expect(memoByGeneration(env.db, 'fails', failing)).rejects.toThrow('boom');
    await expect(memoByGeneration(env.db, 'fails', failing)).rejects.toThrow('boom');
    expect(calls).toBe(2);
  });

  it('computes once while nothing is written', async () => {
    const { compute, calls } = counter();
    expect(await memoByGeneration(env.db, 'k', compute)).toBe(1);
    expect(await memoByGeneration(env.db, 'k', compute)).toBe(1);
    expect(await memoByGeneration(env.db, 'other', compute)).toBe(2);
    expect(calls()).toBe(2);
  });

  it('recomputes after a write through the same connection (insert, update, delete)', async () => {
    const { compute } = counter();
    await memoByGeneration(env.db, 'w', compute);
    await env.db.insert(settings).values({ key: 'x', value: '1', updatedAt: new Date() });
    expect(await memoByGeneration(env.db, 'w', compute)).toBe(2);
    await env.db.update(settings).set({ value: '2' }).where(eq(settings.key, 'x'));
    expect(await memoByGeneration(env.db, 'w', compute)).toBe(3);
    await env.db.delete(settings).where(eq(settings.key, 'x'));
    expect(await memoByGeneration(env.db, 'w', compute)).toBe(4);
    expect(await memoByGeneration(env.db, 'w', compute)).toBe(4);
  });

  it('recomputes after a commit through transaction() (the writer connection), not before it', async () => {
    const { compute } = counter();
    expect(await memoByGeneration(env.db, 't', compute)).toBe(1);
    let release!: () => void;
    const mayCommit = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const afterInsert = new Promise<void>((resolve) => (inserted = resolve));
    const writing = transaction(env.db, async (tx) => {
      await tx.insert(units).values({ districtId: FIRST_DISTRICT_ID, name: '区财政局' });
      inserted();
      await mayCommit;
    });
    await afterInsert;
    // Written but not committed: the reader still sees the old data, the cached value stands.
    expect(await memoByGeneration(env.db, 't', compute)).toBe(1);
    release();
    await writing;
    expect(await memoByGeneration(env.db, 't', compute)).toBe(2);
    expect(await memoByGeneration(env.db, 't', compute)).toBe(2);
    // An update and a delete through the writer invalidate as well.
    await transaction(env.db, async (tx) => {
      await tx.update(units).set({ name: '区财政局（改）' }).where(eq(units.name, '区财政局'));
    });
    expect(await memoByGeneration(env.db, 't', compute)).toBe(3);
    await transaction(env.db, async (tx) => {
      await tx.delete(units).where(eq(units.name, '区财政局（改）'));
    });
    expect(await memoByGeneration(env.db, 't', compute)).toBe(4);
  });

  it('a rolled-back transaction keeps the cached value (nothing was committed)', async () => {
    const { compute } = counter();
    await memoByGeneration(env.db, 'rb', compute);
    await expect(
      transaction(env.db, async (tx) => {
        await tx.insert(units).values({ districtId: FIRST_DISTRICT_ID, name: '区人社局' });
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await memoByGeneration(env.db, 'rb', compute)).toBe(1);
  });

  it('inside a transaction nothing is cached: it sees its own uncommitted writes', async () => {
    const { compute } = counter();
    await memoByGeneration(env.db, 'in', compute);
    await transaction(env.db, async (tx) => {
      expect(await memoByGeneration(tx, 'in', compute)).toBe(2);
      expect(await memoByGeneration(tx, 'in', compute)).toBe(3);
      expect(await peekByGeneration(tx, 'in')).toBeUndefined();
    });
    // Nothing was written: the value cached outside is still current.
    expect(await memoByGeneration(env.db, 'in', compute)).toBe(1);
  });

  it('recomputes after another connection commits (a CLI script, a restore, another app instance)', async () => {
    const { compute } = counter();
    await memoByGeneration(env.db, 'c', compute);
    const other = ENGINE === 'postgres' ? openPostgres(env.file) : openDatabase(env.file);
    try {
      await other.insert(units).values({ districtId: FIRST_DISTRICT_ID, name: '区审计局' });
    } finally {
      await endDatabase(other);
    }
    expect(await memoByGeneration(env.db, 'c', compute)).toBe(2);
  });

  it('peeks at a current result without computing, and not at a stale one', async () => {
    await memoByGeneration(env.db, 'p', async () => 'value');
    expect(await peekByGeneration(env.db, 'p')).toBe('value');
    expect(await peekByGeneration(env.db, 'missing')).toBeUndefined();
    await env.db.insert(units).values({ districtId: FIRST_DISTRICT_ID, name: '区档案馆' });
    expect(await peekByGeneration(env.db, 'p')).toBeUndefined();
    await memoByGeneration(env.db, 'p', async () => 'again');
    await transaction(env.db, async (tx) => {
      await tx.insert(units).values({ districtId: FIRST_DISTRICT_ID, name: '区地方志办' });
    });
    expect(await peekByGeneration(env.db, 'p')).toBeUndefined();
  });

  it('a session’s “last seen” touch and a failed login leave the caches standing; a business write does not', async () => {
    const [user] = await env.db.insert(users).values({ username: 'memo-user', displayName: '缓存测试', passwordHash: 'x', role: 'supervisor' }).returning({ id: users.id });
    const g = await dataGeneration(env.db);
    const at = new Date('2023-11-22T10:00:00+08:00');
    await transaction(env.db, async (tx) => {
      await tx.insert(userSessions).values({ id: 'memo-session', userId: user!.id, createdAt: at, lastSeenAt: at });
      await tx.update(userSessions).set({ lastSeenAt: new Date(at.getTime() + 60_000) }).where(eq(userSessions.id, 'memo-session'));
      await tx.insert(loginThrottle).values({ usernameKey: 'memo-user', failedCount: 1, lastFailedAt: at });
    });
    expect(await dataGeneration(env.db)).toBe(g);
    await transaction(env.db, async (tx) => {
      await tx.update(users).set({ displayName: '缓存测试（改）' }).where(eq(users.id, user!.id));
    });
    expect(await dataGeneration(env.db)).not.toBe(g);
  });

  it('a read does not change the generation; clear forgets everything', async () => {
    const g = await dataGeneration(env.db);
    await env.db.select().from(units);
    expect(await dataGeneration(env.db)).toBe(g);
    const { compute, calls } = counter();
    await memoByGeneration(env.db, 'r', compute);
    clearGenerationMemo(env.db);
    await memoByGeneration(env.db, 'r', compute);
    expect(calls()).toBe(2);
  });
});

describe('districts', () => {
  const key = (districtId: number, n: number) => `dashboard|${districtKey({ kind: 'district', districtId })}|${n}`;
  /** Which of these keys are still cached (peeked, nothing computed). */
  const cached = async (keys: string[]) => (await Promise.all(keys.map((k) => peekByGeneration(env.db, k)))).map((v) => v !== undefined);

  it('the same key of two districts is two entries', async () => {
    clearGenerationMemo(env.db);
    const { compute } = counter();
    expect(await memoByGeneration(env.db, key(1, 0), compute)).toBe(1);
    expect(await memoByGeneration(env.db, key(2, 0), compute)).toBe(2);
    expect(await memoByGeneration(env.db, key(1, 0), compute)).toBe(1);
  });

  it('one district keeps as many entries as before districts, the oldest dropped first', async () => {
    clearGenerationMemo(env.db);
    const { compute } = counter();
    const keys = Array.from({ length: ENTRIES_PER_DISTRICT + 6 }, (_, n) => key(1, n));
    for (const k of keys) await memoByGeneration(env.db, k, compute);
    // Keys without a district (a list's signals: the same for every reader) add no room.
    await memoByGeneration(env.db, 'signals|1', compute);
    expect(await cached(keys)).toEqual([...Array(7).fill(false), ...Array(ENTRIES_PER_DISTRICT - 1).fill(true)]);
  });

  it('a city’s districts keep their hot results side by side', async () => {
    clearGenerationMemo(env.db);
    const { compute, calls } = counter();
    // Twelve districts (临沂's), eight hot results each, and the city office's own.
    const keys = [...Array.from({ length: 12 * 8 }, (_, n) => key(1 + (n % 12), n)), ...Array.from({ length: 8 }, (_, n) => `dashboard|d*|${n}`)];
    for (const k of keys) await memoByGeneration(env.db, k, compute);
    expect(calls()).toBe(keys.length);
    expect((await cached(keys)).every(Boolean)).toBe(true);
  });

  it('one unit’s views have a budget of their own: a morning of units opening their pages leaves the district’s results standing', async () => {
    clearGenerationMemo(env.db);
    const { compute, calls } = counter();
    const shared = Array.from({ length: ENTRIES_PER_DISTRICT }, (_, n) => key(1, n));
    for (const k of shared) await memoByGeneration(env.db, k, compute);
    const views = Array.from({ length: VIEW_ENTRIES + 10 }, (_, n) => `workbench|d1|u${n}`);
    for (const k of views) await memoByGeneration(env.db, k, compute, { view: true });
    expect((await cached(shared)).every(Boolean)).toBe(true);
    // The oldest views went first; the newest are kept, and a write recomputes them.
    const before = calls();
    await memoByGeneration(env.db, views.at(-1)!, compute, { view: true });
    expect(calls()).toBe(before);
    await memoByGeneration(env.db, views[0]!, compute, { view: true });
    expect(calls()).toBe(before + 1);
    await env.db.update(units).set({ name: '区统计局' }).where(eq(units.name, '区统计局'));
    await memoByGeneration(env.db, views.at(-1)!, compute, { view: true });
    expect(calls()).toBe(before + 2);
  });
});

describe('memoByGenerationFrom', () => {
  const write = () => env.db.update(units).set({ name: '区统计局' }).where(eq(units.name, '区统计局'));

  it('after a write, brings the kept value up to date from the generation it was computed at', async () => {
    let computed = 0;
    const seen: [number, string][] = [];
    const compute = async () => ++computed * 100;
    const refresh = async (previous: number, since: string) => {
      seen.push([previous, since]);
      return previous + 1;
    };
    const first = await dataGeneration(env.db);
    expect(await memoByGenerationFrom(env.db, 'from', compute, refresh)).toBe(100);
    expect(await memoByGenerationFrom(env.db, 'from', compute, refresh)).toBe(100);
    expect(seen).toEqual([]);
    await write();
    const second = await dataGeneration(env.db);
    expect(await memoByGenerationFrom(env.db, 'from', compute, refresh)).toBe(101);
    expect(await memoByGenerationFrom(env.db, 'from', compute, refresh)).toBe(101);
    await write();
    expect(await memoByGenerationFrom(env.db, 'from', compute, refresh)).toBe(102);
    expect(seen).toEqual([
      [100, first],
      [101, second],
    ]);
    expect(computed).toBe(1);
  });

  it('computes from scratch when the refresh declines, when the kept value failed, or when the generation went back', async () => {
    let computed = 0;
    const compute = async () => ++computed;
    const declines = async () => undefined;
    expect(await memoByGenerationFrom(env.db, 'declined', compute, declines)).toBe(1);
    await write();
    expect(await memoByGenerationFrom(env.db, 'declined', compute, declines)).toBe(2);

    await expect(memoByGenerationFrom(env.db, 'failed', async () => Promise.reject(new Error('boom')), async () => 0)).rejects.toThrow('boom');
    expect(await memoByGenerationFrom(env.db, 'failed', compute, async () => -1)).toBe(3);

    // A restored backup (or the counter wrapping) moves the generation back: nothing kept is trusted.
    const refreshed: number[] = [];
    expect(await memoByGenerationFrom(env.db, 'back', compute, async (p) => (refreshed.push(p), p))).toBe(4);
    const n = Number(await dataGeneration(env.db));
    await env.db.update(dataGenerationCounter).set({ n: n - 1 }).where(eq(dataGenerationCounter.id, 1));
    expect(await memoByGenerationFrom(env.db, 'back', compute, async (p) => (refreshed.push(p), p))).toBe(5);
    expect(refreshed).toEqual([]);
    await env.db.update(dataGenerationCounter).set({ n: n + 1 }).where(eq(dataGenerationCounter.id, 1));
  });

  it('callers after a write share one refresh', async () => {
    let refreshes = 0;
    await memoByGenerationFrom(env.db, 'shared', async () => 1, async (p) => p);
    await write();
    const all = await Promise.all(Array.from({ length: 10 }, () => memoByGenerationFrom(env.db, 'shared', async () => 1, async (p) => (refreshes++, p + 1))));
    expect(all).toEqual(Array(10).fill(2));
    expect(refreshes).toBe(1);
  });
});
