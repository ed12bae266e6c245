import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectionFor, parseToolVersion } from './pg-tools';

afterEach(() => vi.unstubAllEnvs());

describe('connectionFor: how pg_dump, pg_restore and psql reach the database', () => {
  it('keeps the password off the command line, from the user part or the query of the URL', () => {
    for (const url of ['postgres://keytasks:s3cr%40t@10.0.0.5:5432/keytasks', 'postgres://keytasks@10.0.0.5:5432/keytasks?password=s3cr%40t&sslmode=require']) {
      const c = connectionFor(url);
      expect(c.dbname).not.toContain('s3cr');
      expect(c.env.PGPASSWORD).toBe('s3cr@t');
      expect(c.label).toEqual({ host: '10.0.0.5', port: '5432', database: 'keytasks', user: 'keytasks' });
    }
    expect(connectionFor('postgres://keytasks@10.0.0.5:5432/keytasks?password=x&sslmode=require').dbname).toContain('sslmode=require');
  });

  it('passes the client programs none of the app’s secrets', () => {
    vi.stubEnv('AUTH_SECRET', 'app-secret-value-0123456789-0123456789');
    vi.stubEnv('S3_SECRET_ACCESS_KEY', 'object-store-secret');
    vi.stubEnv('DATABASE_URL', 'postgres://keytasks:other@db/keytasks');
    vi.stubEnv('PGSSLMODE', 'verify-full');
    const { env } = connectionFor('postgres://keytasks@db/keytasks');
    const values = Object.values(env).join(' ');
    for (const secret of ['app-secret-value', 'object-store-secret', 'other@db']) expect(values).not.toContain(secret);
    expect(env.PGSSLMODE).toBe('verify-full');
    expect(env.PATH).toBe(process.env.PATH);
  });
});

describe('parseToolVersion', () => {
  it('reads the major version of a Debian build and of a plain one', () => {
    expect(parseToolVersion('pg_dump (PostgreSQL) 15.10 (Debian 15.10-0+deb12u1)')).toEqual({ major: 15, version: '15.10' });
    expect(parseToolVersion('pg_restore (PostgreSQL) 17.2')).toEqual({ major: 17, version: '17.2' });
    expect(parseToolVersion('something else')).toBeNull();
  });
});
