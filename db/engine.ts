/**
 * Which database engine this process runs on: PostgreSQL when DATABASE_URL names one (the server
 * mode for a city's platform), else the embedded SQLite under DATA_DIR (the default). Decided once,
 * at start: the tables, the connections and the dialect functions all follow it.
 */
export type Engine = 'sqlite' | 'postgres';

export function engineOf(url: string | undefined): Engine {
  return url && /^postgres(ql)?:\/\//i.test(url) ? 'postgres' : 'sqlite';
}

export const ENGINE: Engine = engineOf(process.env.DATABASE_URL);
