import Link from 'next/link';
import { cn } from '@/lib/utils';

/** One choice of a row of links that picks what a page shows (a month, a status); the chosen one is filled. */
export function PillLink({ href, current, children }: { href: string; current: boolean; children: React.ReactNode }) {
  return (
    <Link
      href={href}
      aria-current={current ? 'page' : undefined}
      className={cn('rounded-md border px-3 py-1 text-sm', current ? 'border-primary bg-primary text-primary-foreground' : 'bg-white hover:bg-muted')}
    >
      {children}
    </Link>
  );
}
