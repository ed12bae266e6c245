/**
 * Test helper (not a test): starts and stops lib/backup/live-writer.fixture.ts, a process that keeps
 * writing (reports, uploads) while a backup runs, for the SQLite and the PostgreSQL backup tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = process.cwd();
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

/** Starts the live writer (on DATA_DIR's SQLite file, or on `url`'s PostgreSQL database) and resolves once it has made `minWrites` writes. */
export function startWriter(dataDir: string, stopFile: string, minWrites: number, url?: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(TSX, ['lib/backup/live-writer.fixture.ts', dataDir, stopFile, ...(url ? [url] : [])], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const writes = [...out.matchAll(/writes (\d+)/g)].map((m) => Number(m[1]));
      if (writes.length && writes[writes.length - 1]! >= minWrites) resolve({ child, output: () => out });
    });
    child.on('exit', (code) => reject(new Error(`writer exited early (${code}): ${err}`)));
  });
}

/** Asks the writer to stop (its stop file) and resolves with its exit code. */
export function stopWriter(child: ChildProcess, stopFile: string): Promise<number | null> {
  fs.writeFileSync(stopFile, '');
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });
}
