'use client';

import type { UseFormRegisterReturn } from 'react-hook-form';
import { Input, NativeSelect } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { binaryFigureText, INDICATOR_FIGURE_LABELS } from '@/lib/indicators/indicator-kind-labels';

export type IndicatorFigureSpec = {
  id: number;
  name: string;
  target: number;
  targetMax: number | null;
  unit: string;
  comparator: string;
  kind: keyof typeof INDICATOR_FIGURE_LABELS;
  previous: number | null;
};

/** What an empty box means for a figure: no value (null), not zero. */
export const numberField = { setValueAs: (v: unknown) => (v === '' || v === null || v === undefined ? null : Number(v)) };

/**
 * One indicator's figure in a report form, by its kind: a running total, the month's figure, a
 * growth in %, or 完成/未完成 — with the target and last month's figure beside the label.
 * Used by the single-task report form and the month page.
 */
export function IndicatorFigureInput({ ind, inputId, registration, error }: { ind: IndicatorFigureSpec; inputId: string; registration: UseFormRegisterReturn; error?: string }) {
  return (
    <div className="grid gap-1 sm:grid-cols-[1fr_12rem] sm:items-center">
      <Label htmlFor={inputId} className="leading-snug">
        {ind.name}
        <span className="ml-1 font-normal text-muted-foreground">
          {ind.kind === 'binary' ? (
            <>{ind.previous !== null ? `上月${binaryFigureText(ind.previous)}，` : ''}</>
          ) : (
            <>
              目标 {ind.comparator === 'at_most' || ind.kind === 'ceiling' ? '≤' : '≥'} {ind.target}
              {ind.targetMax !== null ? `–${ind.targetMax}` : ''} {ind.unit}
              {ind.previous !== null ? `，上月 ${ind.previous}，` : '，'}
            </>
          )}
          填<span data-testid="indicator-figure">{INDICATOR_FIGURE_LABELS[ind.kind]}</span>
        </span>
      </Label>
      {ind.kind === 'binary' ? (
        <NativeSelect id={inputId} aria-invalid={!!error} {...registration}>
          <option value="">请选择</option>
          <option value="1">完成</option>
          <option value="0">未完成</option>
        </NativeSelect>
      ) : (
        <div className="flex items-center gap-2">
          <Input id={inputId} type="number" inputMode="decimal" min={0} step="any" aria-invalid={!!error} {...registration} />
          <span className="shrink-0 text-sm text-muted-foreground">{ind.kind === 'growth' ? '%' : ind.unit}</span>
        </div>
      )}
      {error && <p className="text-sm text-destructive sm:col-span-2">{error}</p>}
    </div>
  );
}
