import { writeAudit } from '@/lib/audit/audit-service';
import { assertCan, can } from '@/lib/auth/permissions';
import { seesAllUnits } from '@/lib/auth/unit-scope';
import type { ServiceContext } from '@/lib/context';
import { transaction } from '@/lib/db';
import { planShortName, type PlanSummary } from '@/lib/plans/plan-scope';
import { getBulletin, listBulletinMonths, type BulletinMonth } from './bulletin';
import { DOCX_MIME, writeBulletinDocx } from './bulletin-docx';
import { getLedgerExport } from './ledger-export';
import { CSV_MIME, writeLedgerCsv, writeLedgerXlsx, XLSX_MIME } from './ledger-files';

/**
 * The downloads: each gathers its model through the authorising service, renders the file and
 * writes one audit line. Route handlers only add the HTTP around it.
 */

export type ExportFile = { body: Buffer; fileName: string; contentType: string };

/** 工作台账 of the lists in view, as .xlsx or .csv. */
export async function exportLedger(ctx: ServiceContext, inView: readonly PlanSummary[], format: 'xlsx' | 'csv'): Promise<ExportFile> {
  const { actor, today, now: at, meta } = ctx;
  const model = await getLedgerExport(ctx, inView);
  const body = format === 'xlsx' ? await writeLedgerXlsx(model, at) : Buffer.from(writeLedgerCsv(model), 'utf8');
  const entry = {
    action: 'export.ledger',
    entityType: 'export',
    entityId: model.plans.length === 1 ? model.plans[0]!.id : null,
    unitId: model.scope.kind === 'unit' ? model.scope.unitId : null,
    detail: {
      format,
      rows: model.rows.length,
      scope: model.scope.kind === 'unit' ? model.scope.unitName : '全部',
      plans: model.plans.map((p) => p.id),
    },
  };
  await transaction(ctx.db, (tx) => writeAudit(tx, actor, entry, meta, at));
  return { body, fileName: `工作台账-${today}.${format}`, contentType: format === 'xlsx' ? XLSX_MIME : CSV_MIME };
}

/** 月度调度通报 of a month (YYYY-MM), every active list of the district (the city office: of the district it names), as .docx. */
export async function exportBulletinDocx(ctx: ServiceContext, month: string, districtId?: number): Promise<ExportFile> {
  const { actor, now: at, meta } = ctx;
  const model = await getBulletin(ctx, month, districtId);
  const body = await writeBulletinDocx(model);
  const entry = {
    action: 'export.bulletin',
    entityType: 'period',
    // The month's period of the first list; every list's period is in the detail.
    entityId: model.lists[0]?.periodId ?? null,
    detail: { format: 'docx', month: model.period.month, issue: model.issue.label, periods: model.lists.map((l) => l.periodId) },
  };
  await transaction(ctx.db, (tx) => writeAudit(tx, actor, entry, meta, at));
  return { body, fileName: `月度调度通报-${model.period.label}.docx`, contentType: DOCX_MIME };
}

export type ExportsPage = {
  /** What the ledger covers: the list's title, or the lists' short names; null without lists in view. */
  planTitle: string | null;
  /** What the ledger export holds for this user. */
  ledgerScope: string;
  ledger: { xlsx: string; csv: string };
  /** null: the user may not read bulletins. */
  bulletins: (BulletinMonth & { printHref: string; docxHref: string })[] | null;
};

/** The downloads page of the current user: the ledger of the lists in view, the bulletins of every active list. */
export async function getExportsPage(ctx: ServiceContext, inView: readonly PlanSummary[]): Promise<ExportsPage> {
  const { actor } = ctx;
  assertCan(actor, 'exports.read');
  const all = seesAllUnits(actor);
  const planTitle = inView.length === 0 ? null : inView.length === 1 ? inView[0]!.title : `${inView.map((p) => planShortName(p)).join('、')}（${inView.length} 个清单）`;
  return {
    planTitle,
    ledgerScope: all ? '全部任务及各牵头单位的报送情况' : `${actor.unitName ?? '本单位'}牵头或参与的任务及本单位的报送情况`,
    ledger: { xlsx: '/api/exports/ledger.xlsx', csv: '/api/exports/ledger.csv' },
    bulletins: can(actor, 'bulletin.read')
      ? (await listBulletinMonths(ctx)).map((b) => ({ ...b, printHref: `/print/bulletin/${b.month}`, docxHref: `/api/exports/bulletin/${b.month}.docx` }))
      : null,
  };
}
