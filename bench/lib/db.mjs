/**
 * The bench's own connection to whichever engine the app writes to: better-sqlite3 on the data
 * directory's app.db, or `pg` on the PostgreSQL database. Queries are written once with `?`
 * placeholders and quoted camelCase aliases (both engines accept them); counts come back as numbers.
 */
import Database from 'better-sqlite3';

const numeric = (row) => {
  if (!row) return row;
  const out = {};
  // PostgreSQL returns count(*) as a bigint string.
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'string' && /^\d+$/.test(v) && /^(n|copies|snapshots|audits|version)$/.test(k) ? Number(v) : v;
  return out;
};

export async function openDb({ sqliteFile, pgUrl }) {
  if (!pgUrl) {
    const db = new Database(sqliteFile, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    const cache = new Map();
    const stmt = (sql) => {
      if (!cache.has(sql)) cache.set(sql, db.prepare(sql));
      return cache.get(sql);
    };
    return {
      engine: 'sqlite',
      all: async (sql, params = []) => stmt(sql).all(...params),
      get: async (sql, params = []) => stmt(sql).get(...params),
      run: async (sql, params = []) => void stmt(sql).run(...params),
      close: async () => db.close(),
    };
  }
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: pgUrl });
  await client.connect();
  const text = (sql) => {
    let i = 0;
    return sql.replace(/\?/g, () => `$${++i}`);
  };
  const all = async (sql, params = []) => (await client.query(text(sql), params)).rows.map(numeric);
  return {
    engine: 'postgres',
    all,
    get: async (sql, params = []) => (await all(sql, params))[0],
    run: async (sql, params = []) => void (await client.query(text(sql), params)),
    close: async () => client.end(),
  };
}
