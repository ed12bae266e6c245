import { NativeSelect } from '@/components/ui/input';
import { Label } from '@/components/ui/label';

/** The section drop-down of the list filters (GET forms: they work without JavaScript). */
export function SectionField({ sections, value }: { sections: { no: number; numeral: string; title: string }[]; value: number | undefined }) {
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor="section">部分</Label>
      <NativeSelect id="section" name="section" defaultValue={value ?? ''}>
        <option value="">全部部分</option>
        {sections.map((s) => (
          <option key={s.no} value={s.no}>
            {s.numeral}、{s.title}
          </option>
        ))}
      </NativeSelect>
    </div>
  );
}

/** The unit drop-down of the list filters. */
export function UnitField({ units, value, label = '单位' }: { units: { id: number; name: string }[]; value: number | undefined; label?: string }) {
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
