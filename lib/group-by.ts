/**
 * Rows grouped by a key, each group in the rows' original order: one pass instead of a scan per
 * key (Map.groupBy needs Node 21; this project runs on Node 20).
 */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const row of rows) {
    const list = groups.get(key(row));
    if (list) list.push(row);
    else groups.set(key(row), [row]);
  }
  return groups;
}
