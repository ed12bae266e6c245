/**
 * Vitest global setup of the PostgreSQL run: a private cluster (scripts/pg-cluster.mjs) unless
 * TEST_PG_URL names a server to use, and in it the migrated template every test database copies.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { closePgDatabase, migratePgDatabase, openPgDatabase } from '@/db/pg-client';
import { startCluster, stopCluster } from '../../scripts/pg-cluster.mjs';
import { databaseUrl, PG_TEMPLATE } from './pg-test-db';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const external = process.env.TEST_PG_URL;
  const cluster = external ? null : await startCluster();
  const admin = external ?? cluster!.url;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`drop database if exists ${PG_TEMPLATE} with (force)`);
  await client.query(`create database ${PG_TEMPLATE}`);
  await client.end();
  const db = openPgDatabase(databaseUrl(admin, PG_TEMPLATE), { max: 1 });
  await migratePgDatabase(db);
  await closePgDatabase(db);
  project.provide('pgAdminUrl', admin);
  return async () => {
    if (cluster) stopCluster(cluster.dir);
  };
}
