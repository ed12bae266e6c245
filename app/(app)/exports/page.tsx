import type { Metadata } from 'next';
import { buttonVariants } from '@/components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { getExportsPage, type ExportsPage as ExportsPageData } from '@/lib/exports/export-service';
import { requestContext, requestPlanScope } from '@/lib/request-context';

export const metadata: Metadata = { title: '导出' };

/** The months of the bulletin, each with its print page and its Word file. */
function BulletinTable({ bulletins }: { bulletins: NonNullable<ExportsPageData['bulletins']> }) {
  const button = buttonVariants({ variant: 'outline', size: 'sm' });
  return (
    <Table caption="月度调度通报" variant="plain" minWidth={300}>
      <TableHeader>
        <TableRow>
          <TableHead>月份</TableHead>
          <TableHead>期号</TableHead>
          <TableHead>下载</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {bulletins.map((b) => (
          <TableRow key={b.month} data-bulletin-month={b.month}>
            <TableCell className="whitespace-nowrap">{b.label}</TableCell>
            <TableCell className="whitespace-nowrap">{b.issueLabel}</TableCell>
            <TableCell>
              <div className="flex flex-wrap gap-2">
                <a href={b.printHref} className={button} aria-label={`${b.label}调度通报打印版`}>
                  打印版
                </a>
                <a href={b.docxHref} className={button} aria-label={`${b.label}调度通报Word版`}>
                  Word 版
                </a>
              </div>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/**
 * 导出: the downloads the current user may take — the ledger of the lists in view as .xlsx / .csv
 * for everyone (unit staff get their own unit's tasks), and for the office, leaders and admins the
 * monthly bulletin of each month (every active list) as a print page and as .docx. Plain links: the
 * files come from app/api/exports.
 */
export default async function ExportsPage() {
  const ctx = await requestContext();
  const { plans } = await requestPlanScope();
  const page = await getExportsPage(ctx, plans);

  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-bold md:text-2xl">导出</h1>
        {page.planTitle && <p className="text-sm text-muted-foreground">{page.planTitle}</p>}
      </div>

      <Card aria-labelledby="export-ledger">
        <CardHeader>
          <CardTitle id="export-ledger">工作台账</CardTitle>
          <p className="text-sm text-muted-foreground" data-testid="ledger-scope">
            内容：{page.ledgerScope}。每项任务一行，含所属清单和任务编号、责任领导、完成时限、目标指标完成情况、本月进展与存在问题、报送状态、三类预警和逐月完成情况。
          </p>
        </CardHeader>
        <CardContent className="flex flex-wrap gap-2">
          {page.planTitle ? (
            <>
              <a href={page.ledger.xlsx} className={buttonVariants()}>
                下载工作台账（Excel）
              </a>
              <a href={page.ledger.csv} className={buttonVariants({ variant: 'outline' })}>
                下载工作台账（CSV）
              </a>
            </>
          ) : (
            <p>尚无进行中的任务清单。</p>
          )}
        </CardContent>
      </Card>

      {page.bulletins && (
        <Card aria-labelledby="export-bulletin">
          <CardHeader>
            <CardTitle id="export-bulletin">月度调度通报</CardTitle>
            <p className="text-sm text-muted-foreground">
              各月覆盖当月所有进行中的清单：报送情况、通报表扬与工作滞后单位、逾期事项和督办单下发情况；可打印（A4），也可下载 Word 版。
            </p>
          </CardHeader>
          <CardContent>
            {page.bulletins.length === 0 ? (
              <p>还没有已开始的调度月份。</p>
            ) : (
              <BulletinTable bulletins={page.bulletins} />
            )}
          </CardContent>
        </Card>
      )}
    </div>
  );
}
