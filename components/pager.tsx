import Link from 'next/link';
import { pageRange, type Page } from '@/lib/pagination/pagination';
import { cn } from '@/lib/utils';

/**
 * 分页: '第 51–100 项，共 1,234 项' and links to the neighbouring pages. Keeps every other query
 * parameter (filters, sort) so paging never loses the user's filter.
 */
export function Pager({
  page,
  basePath,
  params,
  unit = '项',
  className,
}: {
  page: Pick<Page<unknown>, 'page' | 'pageCount' | 'pageSize' | 'total'>;
  basePath: string;
  params: Record<string, string | string[] | undefined>;
  unit?: string;
  className?: string;
}) {
  const range = pageRange(page);
  if (!range) return null;
  const href = (n: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (k !== 'page' && typeof v === 'string' && v !== '') q.set(k, v);
    if (n > 1) q.set('page', String(n));
    const s = q.toString();
    return s ? `${basePath}?${s}` : basePath;
  };
  const fmt = (n: number) => n.toLocaleString('zh-CN');
  const linkClass = 'rounded-md border bg-white px-3 py-1.5 hover:bg-muted';
  const disabledClass = 'rounded-md border px-3 py-1.5 text-muted-foreground opacity-50';
  return (
    <nav aria-label="分页" className={cn('flex flex-wrap items-center gap-2 text-sm print:hidden', className)} data-testid="pager">
      <span className="text-muted-foreground">
        第 {fmt(range.from)}–{fmt(range.to)} {unit}，共 {fmt(page.total)} {unit}
      </span>
      {page.pageCount > 1 && (
        <span className="ml-auto flex items-center gap-2">
          {page.page > 1 ? (
            <Link href={href(page.page - 1)} className={linkClass} rel="prev">
              上一页
            </Link>
          ) : (
            <span className={disabledClass} aria-disabled="true">
              上一页
            </span>
          )}
          <span className="tabular-nums" aria-current="page">
            {page.page} / {page.pageCount}
          </span>
          {page.page < page.pageCount ? (
            <Link href={href(page.page + 1)} className={linkClass} rel="next">
              下一页
            </Link>
          ) : (
            <span className={disabledClass} aria-disabled="true">
              下一页
            </span>
          )}
        </span>
      )}
    </nav>
  );
}
