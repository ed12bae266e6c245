'use client';

import { Button } from '@/components/ui/button';
import { SNAPSHOT_FIELD_LABELS } from '@/lib/reporting/report-fields';

/** What the other editor saved (ConflictInfo as it comes over the wire: the time may be a string). */
export type ConflictFields = { version: number; updatedAt: string | Date; updatedByName: string; fields: Record<string, string | number | null> };

/** 保存冲突: what the other person of the unit saved, and the two ways on (the report form and the month page). */
export function ConflictView({ conflict, onTheirs, onMine }: { conflict: unknown; onTheirs: () => void; onMine: () => void }) {
  const c = conflict as ConflictFields;
  return (
    <div role="alert" className="flex flex-col gap-2 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm" data-testid="conflict">
      <p className="font-semibold">
        {c.updatedByName} 于 {new Date(c.updatedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })} 保存了另一个版本：
      </p>
      <dl className="grid gap-1">
        {Object.entries(c.fields).map(([k, v]) => (
          <div key={k} className="grid grid-cols-[6rem_1fr] gap-2">
            <dt className="text-muted-foreground">{SNAPSHOT_FIELD_LABELS[k] ?? k.replace(/^indicator:/, '')}</dt>
            <dd className="whitespace-pre-wrap break-words">{v === null || v === '' ? '（空）' : String(v)}</dd>
          </div>
        ))}
      </dl>
      <div className="flex flex-wrap gap-2">
        <Button type="button" variant="outline" size="sm" onClick={onTheirs}>
          载入对方版本
        </Button>
        <Button type="button" variant="outline" size="sm" onClick={onMine}>
          保留我的内容
        </Button>
      </div>
    </div>
  );
}

