import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PageHeader } from '@/components/page-header';
import { PillLink } from '@/components/pill-link';
import { maxUploadBytes } from '@/lib/attachments/file-store-instance';
import { can } from '@/lib/auth/permissions';
import { formatDateTime } from '@/lib/format';
import { monthLabel, shortMonthLabel } from '@/lib/reporting/calendar';
import { getMonthSheet } from '@/lib/reporting/month-sheet';
import { requestContext } from '@/lib/request-context';
import { MonthSheetForm } from './month-sheet-form';

export const metadata: Metadata = { title: '月度填报' };

type Props = { searchParams: Promise<{ month?: string; due?: string }> };

/**
 * 月度填报: the unit's whole month on one page — every task it leads and every part it owes, across
 * all active lists; `?due=1` shows only what still has to be sent (the reminders link here).
 */
export default async function MonthPage({ searchParams }: Props) {
  const ctx = await requestContext();
  if (!can(ctx.actor, 'reports.write')) redirect('/tasks');
  const { month: rawMonth, due } = await searchParams;
  const month = rawMonth && /^\d{4}-\d{2}$/.test(rawMonth) ? rawMonth : undefined;
  const onlyOutstanding = due === '1';
  const sheet = await getMonthSheet(ctx, { month, onlyOutstanding });
  const link = (m: string, d: boolean) => `/my/month?month=${m}${d ? '&due=1' : ''}`;
  const leading = sheet.items.filter((i) => i.kind === 'report').length;
  const parts = sheet.items.length - leading;
  const sent = sheet.items.filter((i) => !i.editable).length;
  const signOffText = sheet.signOff ? `${sheet.signOff.signedByName} 已于 ${formatDateTime(sheet.signOff.signedAt)} 审阅本月 ${Object.keys(sheet.signOff.versions).length} 项草稿。` : null;

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title={`${monthLabel(sheet.month)}月度填报`}
        description={`${sheet.unit.name} · 牵头任务 ${leading} 项，协办 ${parts} 项${onlyOutstanding ? '（只看待报送）' : `，已报送 ${sent} 项`}`}
      />
      <nav aria-label="选择月份" className="flex flex-wrap gap-1">
        {sheet.months.map((m) => (
          <PillLink key={m} href={link(m, onlyOutstanding)} current={m === sheet.month}>
            {shortMonthLabel(m)}
          </PillLink>
        ))}
      </nav>
      <nav aria-label="筛选" className="flex flex-wrap gap-1">
        <PillLink href={link(sheet.month, false)} current={!onlyOutstanding}>
          全部
        </PillLink>
        <PillLink href={link(sheet.month, true)} current={onlyOutstanding}>
          只看待报送
        </PillLink>
      </nav>
      {sheet.items.length === 0 ? (
        <p className="rounded-lg border bg-white p-4 text-sm text-muted-foreground" data-testid="month-empty">
          {onlyOutstanding ? '本月的任务都已报送。' : '本月没有需要本单位填报的任务。'}
        </p>
      ) : (
        <MonthSheetForm
          // A new month or filter is a new sheet: rows start again from what the server holds.
          key={`${sheet.month}|${onlyOutstanding}`}
          month={sheet.month}
          monthText={monthLabel(sheet.month)}
          today={sheet.today}
          maxMb={Math.round(maxUploadBytes() / 1024 / 1024)}
          items={sheet.items}
          signOffRequired={sheet.signOffRequired}
          signOffVersions={sheet.signOff?.versions ?? null}
          signOffText={signOffText}
          isHead={can(ctx.actor, 'reports.signOff')}
        />
      )}
    </div>
  );
}
