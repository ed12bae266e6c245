/**
 * 审计记录保存 (等保 2.0: kept at least 180 days): the app never deletes audit lines. Two checks: no
 * source file of the app (lib/, app/, scripts/, db/; tests aside) deletes from, drops or empties the table or
 * its guard triggers; and the database itself refuses UPDATE and DELETE on it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { eq, isNotNull } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '@/db/schema';
import { createTempDb } from '@/lib/testing/temp-db';
import { writeAudit } from './audit-service';
import { transaction } from '@/lib/db';
import { refusalMessages } from '@/lib/testing/refusals';

const ROOTS = ['lib', 'app', 'scripts', 'db'];
const SOURCE = /\.(ts|tsx|mts|mjs|js|cjs|sql)$/;
/** Tests are not the app: some try a delete on purpose to show the database refuses it (as below). */
const TEST_FILE = /\.test\.(ts|tsx|mts)$/;

/** What deleting audit lines looks like in drizzle or in SQL (any quoting, any case). */
const FORBIDDEN: { what: string; pattern: RegExp }[] = [
  { what: 'drizzle delete of auditLog', pattern: /\.delete\(\s*(?:schema\.)?auditLog\s*\)/ },
  { what: 'SQL DELETE FROM audit_log', pattern: /delete\s+from\s+[`"'[]?audit_log\b/i },
  { what: 'DROP TABLE audit_log', pattern: /drop\s+table\s+(?:if\s+exists\s+)?[`"'[]?audit_log\b/i },
  { what: 'dropping the append-only triggers', pattern: /drop\s+trigger\s+(?:if\s+exists\s+)?[`"'[]?audit_log_no_(?:delete|update)\b/i },
  { what: 'TRUNCATE audit_log', pattern: /truncate\s+(?:table\s+)?(?:only\s+)?[`"'[]?audit_log\b/i },
  { what: 'renaming the table away', pattern: /alter\s+table\s+[`"'[]?audit_log\b[`"'\]]?\s+rename/i },
];

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (SOURCE.test(e.name) && !TEST_FILE.test(e.name)) out.push(p);
    }
  };
  for (const root of ROOTS) if (fs.existsSync(root)) walk(root);
  return out;
}

describe('audit log retention: the app never deletes audit lines', () => {
  it('no source file deletes from, drops or empties audit_log (or drops its triggers)', () => {
    const files = sourceFiles();
    expect(files.length).toBeGreaterThan(100);
    const hits: string[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const { what, pattern } of FORBIDDEN) if (pattern.test(text)) hits.push(`${file}: ${what}`);
    }
    expect(hits).toEqual([]);
  });

  it('the scan would catch one (the patterns match what they are meant to)', () => {
    const samples = ['await tx.delete(auditLog).where(lt(auditLog.at, cutoff));', 'db.exec("DELETE FROM `audit_log` WHERE at < ?")', 'DROP TRIGGER IF EXISTS audit_log_no_delete;', 'drop table audit_log', 'TRUNCATE TABLE audit_log'];
    for (const s of samples) expect(FORBIDDEN.some(({ pattern }) => pattern.test(s)), s).toBe(true);
    expect(FORBIDDEN.some(({ pattern }) => pattern.test('await tx.delete(loginThrottle).where(eq(loginThrottle.usernameKey, key));'))).toBe(false);
  });

  it('the migrated database refuses UPDATE and DELETE of audit lines', async () => {
    const temp = await createTempDb();
    try {
      await transaction(temp.db, (tx) => writeAudit(tx, null, { action: 'login.failure', entityType: 'user', detail: { username: 'x' } }, { ip: '10.0.0.1' }, new Date()));
      const [row] = await temp.db.select().from(auditLog).limit(1);
      expect(row).toBeDefined();
      expect(await refusalMessages(transaction(temp.db, (tx) => tx.delete(auditLog).where(eq(auditLog.id, row!.id))))).toMatch(/append-only/);
      expect(await refusalMessages(transaction(temp.db, (tx) => tx.update(auditLog).set({ action: 'x.y' }).where(eq(auditLog.id, row!.id))))).toMatch(/append-only/);
      // A DELETE of every line, outside any transaction of the app.
      expect(await refusalMessages(temp.db.delete(auditLog).where(isNotNull(auditLog.id)))).toMatch(/append-only/);
      expect(await temp.db.select().from(auditLog)).toHaveLength(1);
    } finally {
      await temp.cleanup();
    }
  });
});
