import { Input, NativeSelect } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import type { UnitFilterField } from '@/lib/units/unit-service';
import { cn } from '@/lib/utils';

export type SectionOption = { id: number; numeral: string; title: string; planLabel: string };

/** A labelled field of a filter form; `className` sizes it in the form's row or grid. */
export function FilterField({ id, label, className, children }: { id: string; label: string; className?: string; children: React.ReactNode }) {
  return (
    <div className={cn('flex flex-col gap-1.5', className)}>
      <Label htmlFor={id}>{label}</Label>
      {children}
    </div>
  );
}

export type FilterOption = { value: string | number; label: string };

/** A drop-down of a filter form (GET: the field's `name` is the query parameter, `id` by default). */
export function FilterSelect({
  id,
  name = id,
  label,
  options,
  value,
  className,
}: {
  id: string;
  name?: string;
  label: string;
  options: readonly FilterOption[];
  value: string | number | undefined;
  className?: string;
}) {
  return (
    <FilterField id={id} label={label} className={className}>
      <NativeSelect id={id} name={name} defaultValue={value ?? ''}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </NativeSelect>
    </FilterField>
  );
}

/**
 * The section drop-down of the list filters (GET forms: they work without JavaScript). Values are
 * section ids, so one field serves every list in view; sections are grouped by list when there are several.
 */
export function SectionField({ sections, value }: { sections: SectionOption[]; value: number | undefined }) {
  const byPlan = new Map<string, SectionOption[]>();
  for (const s of sections) byPlan.set(s.planLabel, [...(byPlan.get(s.planLabel) ?? []), s]);
  const option = (s: SectionOption) => (
    <option key={s.id} value={s.id}>
      {s.numeral}、{s.title}
    </option>
  );
  return (
    <FilterField id="section" label="部分">
      <NativeSelect id="section" name="section" defaultValue={value ?? ''}>
        <option value="">全部部分</option>
        {byPlan.size <= 1
          ? sections.map(option)
          : [...byPlan].map(([label, list]) => (
              <optgroup key={label} label={label}>
                {list.map(option)}
              </optgroup>
            ))}
      </NativeSelect>
    </FilterField>
  );
}

/**
 * The unit filter: a drop-down for a district's few dozen units, a name field (name, alias or a
 * unique part of a name, resolved on the server) when there are thousands.
 */
export function UnitField({
  field,
  value,
  valueName,
  label = '单位',
  className,
}: {
  field: UnitFilterField;
  value: number | undefined;
  valueName?: string;
  label?: string;
  className?: string;
}) {
  if (field.mode === 'search') {
    return (
      <FilterField id="unitName" label={label} className={className}>
        <Input id="unitName" name="unitName" type="search" defaultValue={valueName ?? ''} placeholder={`单位名称或简称（共 ${field.unitCount.toLocaleString('zh-CN')} 个单位）`} />
      </FilterField>
    );
  }
  const options = [{ value: '', label: '全部单位' }, ...field.units.map((u) => ({ value: u.id, label: u.name }))];
  return <FilterSelect id="unit" label={label} options={options} value={value} className={className} />;
}
