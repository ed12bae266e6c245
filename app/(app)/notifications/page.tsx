import type { Metadata } from 'next';
import Link from 'next/link';
import { formatDateTime } from '@/lib/format';
import { dateLabel } from '@/lib/reporting/calendar';
import { listDigests, listNotifications } from '@/lib/notifications/notification-service';
import { requestContext } from '@/lib/request-context';
import { cn } from '@/lib/utils';
import { MarkReadButton } from './mark-read';

export const metadata: Metadata = { title: '消息' };

/** 消息中心: the current user's notifications, unread first in attention. */
export default async function NotificationsPage() {
  const ctx = await requestContext();
  const [items, digests] = await Promise.all([listNotifications(ctx.db, ctx.actor), listDigests(ctx.db, ctx.actor)]);
  const unread = items.filter((n) => !n.readAt).length;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-xl font-bold md:text-2xl">消息</h1>
          <p className="text-sm text-muted-foreground">未读 {unread} 条。每天另汇总一份“每日提醒”，周末和节假日只提醒已逾期事项。</p>
        </div>
        {unread > 0 && <MarkReadButton id={null} label="全部标为已读" />}
      </div>
      {items.length === 0 ? (
        <p className="rounded-lg border bg-white p-6 text-center text-muted-foreground">暂无消息。</p>
      ) : (
        <ul className="flex flex-col gap-2" aria-label="消息列表">
          {items.map((n) => (
            <li key={n.id} className={cn('flex flex-col gap-1 rounded-lg border bg-white p-3 text-sm sm:flex-row sm:items-center sm:gap-3', !n.readAt && 'border-primary/40 bg-primary/5')} data-notification={n.kind}>
              <div className="min-w-0 flex-1">
                <p className="font-medium">
                  {!n.readAt && <span className="mr-1 text-primary">●<span className="sr-only">未读</span></span>}
                  {n.urgent && <span className="mr-1 rounded bg-red-100 px-1 text-xs text-red-800">逾期</span>}
                  {n.link ? (
                    <Link href={n.link} className="hover:underline">
                      {n.title}
                    </Link>
                  ) : (
                    n.title
                  )}
                </p>
                {n.body && <p className="whitespace-pre-wrap text-muted-foreground">{n.body}</p>}
              </div>
              <div className="flex items-center gap-2">
                <span className="text-xs text-muted-foreground">{formatDateTime(n.createdAt)}</span>
                {!n.readAt && <MarkReadButton id={n.id} label="已读" />}
              </div>
            </li>
          ))}
        </ul>
      )}
      {digests.length > 0 && (
        <section aria-labelledby="digests-heading" className="flex flex-col gap-2">
          <h2 id="digests-heading" className="text-base font-semibold">
            每日提醒
          </h2>
          <ul className="flex flex-col gap-2">
            {digests.map((d) => (
              <li key={d.id} className="rounded-lg border bg-white p-3 text-sm" data-testid="digest" data-digest-date={d.date}>
                <details>
                  <summary className="cursor-pointer font-medium">
                    {dateLabel(d.date)} · {d.itemCount} 条事项{d.emailedAt ? ' · 已发送邮件' : ''}
                  </summary>
                  <p className="mt-2 whitespace-pre-wrap break-words text-muted-foreground">{d.body}</p>
                </details>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}
