import Link from 'next/link';

/** Breadcrumb back to the console hub, shown on every admin sub-page. */
export function AdminBreadcrumb({ items }: { items: { href?: string; label: string }[] }) {
  return (
    <nav aria-label="位置" className="text-sm text-muted-foreground">
      <ol className="flex flex-wrap items-center gap-1">
        <li>
          <Link href="/admin" className="hover:underline">
            系统管理
          </Link>
        </li>
        {items.map((item) => (
          <li key={item.label} className="flex items-center gap-1">
            <span aria-hidden="true">/</span>
            {item.href ? (
              <Link href={item.href} className="hover:underline">
                {item.label}
              </Link>
            ) : (
              <span aria-current="page">{item.label}</span>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
