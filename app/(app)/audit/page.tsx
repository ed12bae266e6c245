import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { Pager } from '@/components/pager';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Input, NativeSelect } from '@/components/ui/input';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import {
  AUDIT_EXPORT_MAX,
  auditActionOptions,
  auditFilterSchema,
  auditUnitOptions,
  filterQuery,
  formatAuditTime,
  searchAuditLog,
  unitLabel,
} from '@/lib/audit/audit-query';
import { can } from '@/lib/auth/permissions';
import { pageParamSchema } from '@/lib/pagination/pagination';
import { requestContext } from '@/lib/request-context';
import { EmptyRow, FilterField } from '../admin/admin-list';

export const metadata: Metadata = { title: '审计日志' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

/** A line's detail, shortened for the table (the export has it whole). */
function shortDetail(detail: string | null): string {
  if (!detail) return '';
  return detail.length > 160 ? `${detail.slice(0, 160)}…` : detail;
}

/** 审计日志: the audit administrator's page (三员分立). Every search is itself audited. */
export default async function AuditPage({ searchParams }: Props) {
  const ctx = await requestContext();
  if (!can(ctx.actor, 'audit.read')) redirect('/');
  const raw = await searchParams;
  const parsed = auditFilterSchema.safeParse(raw);
  const page = pageParamSchema.parse(Array.isArray(raw.page) ? raw.page[0] : raw.page);
  const [actions, unitOptions] = await Promise.all([auditActionOptions(ctx), auditUnitOptions(ctx)]);
  const result = parsed.success ? await searchAuditLog(ctx, parsed.data, page) : null;
  const errors = parsed.success ? {} : (z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined>);
  const value = (k: string) => {
    const v = raw[k];
    return (Array.isArray(v) ? v[0] : v) ?? '';
  };
  const query = parsed.success ? filterQuery(parsed.data) : '';
  const exportHref = `/api/audit/export${query ? `?${query}` : ''}`;
  const error = (k: string) =>
    errors[k]?.[0] ? (
      <p id={`audit-${k}-error`} role="alert" className="text-xs text-destructive">
        {errors[k]![0]}
      </p>
    ) : null;

  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-bold md:text-2xl">审计日志</h1>
        <p className="text-sm text-muted-foreground">系统中的登录、修改与下载记录，只可查阅和导出，不可修改或删除（至少保存 180 天）。每次查询和导出也记入审计日志。</p>
      </div>

      <form method="get" className="grid gap-2 sm:grid-cols-2 lg:grid-cols-3" aria-label="筛选审计日志">
        <FilterField id="audit-person" label="人员（用户名或姓名）">
          <Input id="audit-person" name="person" defaultValue={value('person')} aria-invalid={!!errors.person} aria-describedby={errors.person ? 'audit-person-error' : undefined} />
          {error('person')}
        </FilterField>
        <FilterField id="audit-action" label="操作">
          <NativeSelect id="audit-action" name="action" defaultValue={value('action')} aria-invalid={!!errors.action}>
            <option value="">全部</option>
            {actions.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label === a.value ? a.value : `${a.label}（${a.value}）`}
              </option>
            ))}
          </NativeSelect>
          {error('action')}
        </FilterField>
        <FilterField id="audit-unit" label="单位">
          <NativeSelect id="audit-unit" name="unit" defaultValue={value('unit')} aria-invalid={!!errors.unit}>
            <option value="">全部</option>
            {unitOptions.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </NativeSelect>
          {error('unit')}
        </FilterField>
        <FilterField id="audit-from" label="开始日期">
          <Input id="audit-from" name="from" type="date" defaultValue={value('from')} aria-invalid={!!errors.from} aria-describedby={errors.from ? 'audit-from-error' : undefined} />
          {error('from')}
        </FilterField>
        <FilterField id="audit-to" label="结束日期（含当天）">
          <Input id="audit-to" name="to" type="date" defaultValue={value('to')} aria-invalid={!!errors.to} aria-describedby={errors.to ? 'audit-to-error' : undefined} />
          {error('to')}
        </FilterField>
        <FilterField id="audit-ip" label="IP 地址（开头部分）">
          <Input id="audit-ip" name="ip" defaultValue={value('ip')} placeholder="例如 10.1." aria-invalid={!!errors.ip} aria-describedby={errors.ip ? 'audit-ip-error' : undefined} />
          {error('ip')}
        </FilterField>
        <div className="flex items-end gap-2 sm:col-span-2 lg:col-span-3">
          <Button type="submit">查询</Button>
          {result && result.total > 0 && result.total <= AUDIT_EXPORT_MAX && (
            <Button asChild variant="outline">
              <a href={exportHref} download>
                导出 CSV
              </a>
            </Button>
          )}
        </div>
      </form>

      {!parsed.success && <Alert variant="error">请检查筛选条件：{parsed.error.issues[0]?.message}</Alert>}
      {result && result.total > AUDIT_EXPORT_MAX && (
        <Alert variant="info">
          符合条件的记录共 {result.total.toLocaleString('zh-CN')} 条，超过单次导出上限 {AUDIT_EXPORT_MAX.toLocaleString('zh-CN')} 条；请缩小时间范围或增加筛选条件后再导出。
        </Alert>
      )}

      {result && (
        <>
          <Table caption="审计日志：时间、操作人、操作、单位、地址、详情" minWidth={640} dense>
            <TableHeader>
              <TableRow>
                <TableHead>时间</TableHead>
                <TableHead>操作人</TableHead>
                <TableHead>操作</TableHead>
                <TableHead>单位</TableHead>
                <TableHead>IP 地址</TableHead>
                <TableHead>详情</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {result.items.map((r) => (
                <TableRow key={r.id} data-action={r.action}>
                  <TableCell className="whitespace-nowrap tabular-nums">{formatAuditTime(r.at)}</TableCell>
                  <TableCell>
                    {r.actorName ?? '—'}
                    {r.actorUsername && <div className="text-xs text-muted-foreground">{r.actorUsername}</div>}
                  </TableCell>
                  <TableCell>{r.label}</TableCell>
                  <TableCell>{unitLabel(r) ?? '—'}</TableCell>
                  <TableCell className="font-mono text-xs">{r.ip ?? '—'}</TableCell>
                  <TableCell className="max-w-xs break-all text-xs text-muted-foreground">{shortDetail(r.detail)}</TableCell>
                </TableRow>
              ))}
              {result.items.length === 0 && <EmptyRow colSpan={6}>没有符合条件的记录</EmptyRow>}
            </TableBody>
          </Table>
          <Pager page={result} basePath="/audit" params={raw} unit="条" />
        </>
      )}
    </div>
  );
}
