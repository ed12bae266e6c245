import type { AppDatabase } from '@/db/client';
import { NO_META, writeAudit, type RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';
import { assertCan, can } from '@/lib/auth/permissions';
import { currentPlan } from '@/lib/ledger/ledger-service';
import { getBulletin, listBulletinPeriods, type BulletinPeriod } from './bulletin';
import { DOCX_MIME, writeBulletinDocx } from './bulletin-docx';
import { getLedgerExport } from './ledger-export';
import { CSV_MIME, writeLedgerCsv, writeLedgerXlsx, XLSX_MIME } from './ledger-files';

/**
 * The downloads: each gathers its model through the authorising service, renders the file and
 * writes one audit line. Route handlers only add the HTTP around it.
 */

export type ExportFile = { body: Buffer; fileName: string; contentType: string };

export async function exportLedger(
  db: AppDatabase,
  actor: Actor,
  format: 'xlsx' | 'csv',
  today: string,
  at: Date,
  meta: RequestMeta = NO_META,
): Promise<ExportFile> {
  const model = getLedgerExport(db, actor, today);
  const body = format === 'xlsx' ? await writeLedgerXlsx(model, at) : Buffer.from(writeLedgerCsv(model), 'utf8');
  writeAudit(
    db,
    actor,
    {
      action: 'export.ledger',
      entityType: 'export',
      entityId: model.plan.id,
      unitId: model.scope.kind === 'unit' ? model.scope.unitId : null,
      detail: { format, rows: model.rows.length, scope: model.scope.kind === 'unit' ? model.scope.unitName : '全部' },
    },
    meta,
    at,
  );
  return { body, fileName: `工作台账-${today}.${format}`, contentType: format === 'xlsx' ? XLSX_MIME : CSV_MIME };
}

export async function exportBulletinDocx(db: AppDatabase, actor: Actor, periodId: number, today: string, at: Date, meta: RequestMeta = NO_META): Promise<ExportFile> {
  const model = getBulletin(db, actor, periodId, today);
  const body = await writeBulletinDocx(model);
  writeAudit(
    db,
    actor,
    { action: 'export.bulletin', entityType: 'period', entityId: model.period.id, detail: { format: 'docx', month: model.period.month, issue: model.issue.label } },
    meta,
    at,
  );
  return { body, fileName: `月度调度通报-${model.period.label}.docx`, contentType: DOCX_MIME };
}

export type ExportsPage = {
  planTitle: string | null;
  /** What the ledger export holds for this user. */
  ledgerScope: string;
  ledger: { xlsx: string; csv: string };
  /** null: the user may not read bulletins. */
  bulletins: (BulletinPeriod & { printHref: string; docxHref: string })[] | null;
};

/** The downloads page of the current user. */
export function getExportsPage(db: AppDatabase, actor: Actor, today: string): ExportsPage {
  assertCan(actor, 'exports.read');
  const plan = currentPlan(db);
  const all = can(actor, 'reports.readAll');
  return {
    planTitle: plan?.title ?? null,
    ledgerScope: all ? '全部任务及各牵头单位的报送情况' : `${actor.unitName ?? '本单位'}牵头或参与的任务及本单位的报送情况`,
    ledger: { xlsx: '/api/exports/ledger.xlsx', csv: '/api/exports/ledger.csv' },
    bulletins:
      plan && can(actor, 'bulletin.read')
        ? listBulletinPeriods(db, actor, plan.id, today).map((p) => ({ ...p, printHref: `/print/bulletin/${p.id}`, docxHref: `/api/exports/bulletin/${p.id}.docx` }))
        : null,
  };
}
