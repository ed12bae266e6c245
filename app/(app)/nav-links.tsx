'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { clsx } from 'clsx';

export function NavLinks({ items }: { items: { href: string; label: string }[] }) {
  const pathname = usePathname();
  const matches = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
  // The most specific entry is the current one: on /my/month 月度填报, not 本单位任务 as well.
  const current = items
    .map((i) => i.href)
    .filter(matches)
    .sort((a, b) => b.length - a.length)[0];
  return (
    <ul className="flex gap-1 overflow-x-auto">
      {items.map((item) => {
        const active = item.href === current;
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={active ? 'page' : undefined}
              // clsx: the active classes add to the base ones (no rival to merge); the header is on every
              // page, and tailwind-merge would be in every page's JavaScript.
              className={clsx(
                'block whitespace-nowrap rounded-md px-3 py-2 text-sm hover:bg-white/15',
                active && 'bg-white/20 font-semibold',
              )}
            >
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
