import { Fragment } from 'react';
import { DetailItem } from '@/components/detail-list';
import { viewLabelOf, type ReportFieldSpec } from '@/lib/reporting/report-fields';

type FieldValue = string | number | null | undefined;

function shown(spec: ReportFieldSpec, value: FieldValue): string {
  if (spec.kind === 'percent') return `${value ?? '—'}%`;
  return value === null || value === undefined || value === '' ? (spec.emptyText ?? '—') : String(value);
}

/**
 * A report's (or a part's) fields read back, one DetailItem each in the registry's order
 * (lib/reporting/report-fields.ts). `testIds` names a value for tests, `extra` adds to a value
 * (上月 85%), `after` puts more items after a field (the indicators after the percentage).
 */
export function ReportFieldItems<K extends string>({
  specs,
  values,
  testIds,
  extra,
  after,
}: {
  specs: Record<K, ReportFieldSpec>;
  values: Partial<Record<NoInfer<K>, FieldValue>>;
  testIds?: Partial<Record<NoInfer<K>, string>>;
  extra?: Partial<Record<NoInfer<K>, React.ReactNode>>;
  after?: Partial<Record<NoInfer<K>, React.ReactNode>>;
}) {
  return (Object.keys(specs) as K[]).map((field) => {
    const spec = specs[field];
    return (
      <Fragment key={field}>
        <DetailItem label={viewLabelOf(spec)} className={spec.kind === 'text' ? 'whitespace-pre-wrap' : undefined} data-testid={testIds?.[field]}>
          {shown(spec, values[field])}
          {extra?.[field]}
        </DetailItem>
        {after?.[field]}
      </Fragment>
    );
  });
}
