import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { settings, units } from '@/db/schema';
import { createTempDb } from '@/lib/testing/temp-db';
import { clearGenerationMemo, dataGeneration, memoByGeneration, peekByGeneration } from './generation-memo';

let env: ReturnType<typeof createTempDb>;
beforeAll(() => {
  env = createTempDb();
  env.db.insert(units).values({ name: '区统计局' }).run();
});
afterAll(() => env.cleanup());

describe('memoByGeneration', () => {
  it('computes once while nothing is written', () => {
    let calls = 0;
    const compute = () => ++calls;
    expect(memoByGeneration(env.db, 'k', compute)).toBe(1);
    expect(memoByGeneration(env.db, 'k', compute)).toBe(1);
    expect(memoByGeneration(env.db, 'other', compute)).toBe(2);
    expect(calls).toBe(2);
  });

  it('recomputes after a write through the same connection (insert, update, delete)', () => {
    let calls = 0;
    const compute = () => ++calls;
    memoByGeneration(env.db, 'w', compute);
    env.db.insert(settings).values({ key: 'x', value: '1', updatedAt: new Date() }).run();
    expect(memoByGeneration(env.db, 'w', compute)).toBe(2);
    env.db.update(settings).set({ value: '2' }).where(eq(settings.key, 'x')).run();
    expect(memoByGeneration(env.db, 'w', compute)).toBe(3);
    env.db.delete(settings).where(eq(settings.key, 'x')).run();
    expect(memoByGeneration(env.db, 'w', compute)).toBe(4);
    expect(memoByGeneration(env.db, 'w', compute)).toBe(4);
  });

  it('recomputes after another connection commits (a CLI script, a restore)', () => {
    let calls = 0;
    const compute = () => ++calls;
    memoByGeneration(env.db, 'c', compute);
    const other = openDatabase(env.file);
    try {
      other.insert(units).values({ name: '区审计局' }).run();
    } finally {
      other.$client.close();
    }
    expect(memoByGeneration(env.db, 'c', compute)).toBe(2);
  });

  it('peeks at a current result without computing, and not at a stale one', () => {
    memoByGeneration(env.db, 'p', () => 'value');
    expect(peekByGeneration(env.db, 'p')).toBe('value');
    expect(peekByGeneration(env.db, 'missing')).toBeUndefined();
    env.db.insert(units).values({ name: '区档案馆' }).run();
    expect(peekByGeneration(env.db, 'p')).toBeUndefined();
  });

  it('a read does not change the generation; clear forgets everything', () => {
    const g = dataGeneration(env.db);
    env.db.select().from(units).all();
    expect(dataGeneration(env.db)).toBe(g);
    let calls = 0;
    memoByGeneration(env.db, 'r', () => ++calls);
    clearGenerationMemo(env.db);
    memoByGeneration(env.db, 'r', () => ++calls);
    expect(calls).toBe(2);
  });
});
