import { Input, NativeSelect } from '@/components/ui/input';
import type { UnitFilterField } from '@/lib/units/unit-service';
import { Label } from '@/components/ui/label';

export type SectionOption = { id: number; numeral: string; title: string; planLabel: string };

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
    <div className="flex flex-col gap-1.5">
      <Label htmlFor="section">部分</Label>
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
    </div>
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
}: {
  field: UnitFilterField;
  value: number | undefined;
  valueName?: string;
  label?: string;
}) {
  if (field.mode === 'search') {
    return (
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="unitName">{label}</Label>
        <Input id="unitName" name="unitName" type="search" defaultValue={valueName ?? ''} placeholder={`单位名称或简称（共 ${field.unitCount.toLocaleString('zh-CN')} 个单位）`} />
      </div>
    );
  }
  const units = field.units;
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor="unit">{label}</Label>
      <NativeSelect id="unit" name="unit" defaultValue={value ?? ''}>
        <option value="">全部单位</option>
        {units.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}
