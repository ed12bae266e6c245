import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { UNIT_KIND_LABELS, type UnitListItem } from '@/lib/units/unit-service';
import { EmptyRow } from '../admin/admin-list';

/**
 * Units with the number of tasks each leads and joins: 责任单位, and 单位管理 (which adds each
 * unit's active accounts). The name cell is the page's own (where it links, what stands beside
 * it). On a phone the kind column is left out, and the accounts column below `sm`.
 */
export function UnitTable<U extends UnitListItem>({
  caption,
  units,
  name,
  accounts,
  empty,
}: {
  caption: string;
  units: U[];
  name: (unit: U) => React.ReactNode;
  accounts?: (unit: U) => number;
  /** Shown as the one row when there are no units (a filter that matches none). */
  empty?: string;
}) {
  return (
    <Table caption={caption} minWidth={340}>
      <TableHeader>
        <TableRow>
          <TableHead>单位</TableHead>
          <TableHead className="hidden md:table-cell">类别</TableHead>
          <TableHead className="text-right">牵头</TableHead>
          <TableHead className="text-right">参与</TableHead>
          {accounts && <TableHead className="hidden text-right sm:table-cell">账户</TableHead>}
        </TableRow>
      </TableHeader>
      <TableBody>
        {units.map((u) => (
          <TableRow key={u.id} data-unit={u.name}>
            <TableCell>{name(u)}</TableCell>
            <TableCell className="hidden text-muted-foreground md:table-cell">{UNIT_KIND_LABELS[u.kind]}</TableCell>
            <TableCell className="text-right tabular-nums" data-col="lead">
              {u.leadCount}
            </TableCell>
            <TableCell className="text-right tabular-nums" data-col="participating">
              {u.participatingCount}
            </TableCell>
            {accounts && <TableCell className="hidden text-right tabular-nums sm:table-cell">{accounts(u)}</TableCell>}
          </TableRow>
        ))}
        {units.length === 0 && empty && <EmptyRow colSpan={accounts ? 5 : 4}>{empty}</EmptyRow>}
      </TableBody>
    </Table>
  );
}
