import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound, redirect } from 'next/navigation';
import { ForbiddenError, NotFoundError, RefusalError } from '@/lib/errors';
import { getBulletin, resolveBulletinMonth, type Bulletin } from '@/lib/exports/bulletin';
import { bulletinContent, type BulletinTable } from '@/lib/exports/bulletin-content';
import { requestContext } from '@/lib/request-context';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { PrintPage } from '../../print-sheet';

/** /print/bulletin/2023-11; older links name a reporting period's id and are sent to its month. */
type Props = { params: Promise<{ month: string }> };

export const metadata: Metadata = { title: '月度调度通报（打印）' };

/*
 * A4 in the layout of an official document (../../print-sheet.tsx): red title, the issue line, the
 * issuing organ and date over a red rule, numbered sections in 黑体, body in 仿宋, bordered tables.
 * Outside the (app) layout, so no navigation is printed; login and 'bulletin.read' still apply
 * (checked in getBulletin). The same content as the .docx (lib/exports/bulletin-content.ts).
 */
const CSS = `
.sheet { font-family: "FangSong_GB2312", "FangSong", "STFangsong", "仿宋", "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif; }
.sheet .heading { font-family: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif; color: #d40000; text-align: center; margin: 0; font-weight: 700; font-size: 22pt; line-height: 1.5; letter-spacing: .05em; }
.sheet .issue { text-align: center; margin: 10pt 0 0; }
.sheet .masthead { display: flex; justify-content: space-between; gap: 1em; border-bottom: 2px solid #d40000; padding-bottom: 4pt; margin-bottom: 12pt; }
.sheet h2.section { text-indent: 2em; font-family: "SimHei", "黑体", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-weight: normal; font-size: 16pt; margin: 6pt 0 0; }
.sheet table { width: 100%; border-collapse: collapse; margin: 6pt 0 10pt; font-size: 12pt; line-height: 1.5; table-layout: fixed; page-break-inside: auto; }
.sheet thead { display: table-header-group; }
.sheet tr { page-break-inside: avoid; break-inside: avoid; border: 0; }
.sheet th, .sheet td { border: 1px solid #000; padding: 2pt 4pt; color: #000; vertical-align: middle; word-break: break-all; white-space: pre-line; }
.sheet th { font-family: "SimHei", "黑体", "Heiti SC", "Noto Sans CJK SC", sans-serif; font-weight: normal; text-align: center; }
@media (max-width: 640px) {
  .sheet { min-height: 0; padding: 28px 14px; font-size: 16px; line-height: 1.9; }
  .sheet .heading { font-size: 24px; }
  .sheet h2.section { font-size: 16px; }
  .sheet table { font-size: 13px; table-layout: auto; }
}
`;

function TableBlock({ table }: { table: BulletinTable }) {
  if (table.rows.length === 0) {
    return table.empty ? (
      <p className="para" data-testid={`bulletin-${table.id}`}>
        {table.caption}：{table.empty}。
      </p>
    ) : null;
  }
  const total = table.widths.reduce((a, b) => a + b, 0);
  // The sheet's stylesheet draws the document's ruled table over the screen table's look.
  return (
    <Table variant="plain" minWidth={0} caption={table.caption} data-testid={`bulletin-${table.id}`}>
      <colgroup>
        {table.widths.map((w, i) => (
          <col key={i} style={{ width: `${((w / total) * 100).toFixed(2)}%` }} />
        ))}
      </colgroup>
      <TableHeader>
        <TableRow>
          {table.headers.map((h) => (
            <TableHead key={h}>{h}</TableHead>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {table.rows.map((row, r) => (
          <TableRow key={r}>
            {row.map((v, c) => (
              <TableCell key={c} style={{ textAlign: table.align[c] ?? 'left' }}>
                {v}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Refused({ message }: { message: string }) {
  return (
    <div className="print-root">
      <div className="mx-auto max-w-md rounded-lg border bg-white p-6 text-center" role="alert">
        <p className="mb-3">{message}</p>
        <Link href="/" className="text-primary underline-offset-2 hover:underline">
          返回首页
        </Link>
      </div>
    </div>
  );
}

export default async function PrintBulletinPage({ params }: Props) {
  const raw = (await params).month;
  if (!/^(\d{4}-\d{2}|\d{1,9})$/.test(raw)) notFound();
  const ctx = await requestContext();
  let month: string;
  let bulletin: Bulletin;
  try {
    month = await resolveBulletinMonth(ctx, raw);
    bulletin = await getBulletin(ctx, month);
  } catch (err) {
    if (err instanceof ForbiddenError) return <Refused message="月度调度通报仅限督查室、区领导和管理员查看。" />;
    if (err instanceof NotFoundError) notFound();
    // The city office before it chose a district: each bulletin is one district's.
    if (err instanceof RefusalError) return <Refused message={err.message} />;
    throw err;
  }
  if (month !== raw) redirect(`/print/bulletin/${month}`);
  const c = bulletinContent(bulletin);

  return (
    <PrintPage
      css={CSS}
      back={{ href: '/exports', label: '← 返回导出页面' }}
      actions={
        <a href={`/api/exports/bulletin/${bulletin.period.month}.docx`} className="inline-flex h-10 items-center rounded-md border bg-white px-4 text-sm font-medium hover:bg-muted">
          下载 Word 版
        </a>
      }
    >
      <article className="sheet" aria-label="月度调度通报">
        <header>
          <h1 className="heading" data-testid="bulletin-title">
            {c.titleLines.map((line, i) => (
              <span key={i} style={{ display: 'block' }}>
                {line}
              </span>
            ))}
          </h1>
          <p className="issue" data-testid="bulletin-issue">
            {c.issueLine}
          </p>
          <div className="masthead">
            <span>{c.issuer}</span>
            <span data-testid="bulletin-date">{c.dateLine}</span>
          </div>
        </header>
        {c.sections.map((s) => (
          <section key={s.id} aria-labelledby={`bulletin-section-${s.id}`} data-section={s.id}>
            <h2 className="section" id={`bulletin-section-${s.id}`}>
              {s.numeral}、{s.title}
            </h2>
            {s.blocks.map((b, i) =>
              b.type === 'para' ? (
                <p key={i} className="para">
                  {b.text}
                </p>
              ) : (
                <TableBlock key={i} table={b.table} />
              ),
            )}
          </section>
        ))}
        <div className="signature">
          {c.closing.map((line) => (
            <p key={line}>{line}</p>
          ))}
        </div>
      </article>
    </PrintPage>
  );
}
