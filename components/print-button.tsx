'use client';

import { Button } from '@/components/ui/button';

export function PrintButton({ label = '打印' }: { label?: string }) {
  return (
    <Button type="button" variant="outline" className="print:hidden" onClick={() => window.print()}>
      {label}
    </Button>
  );
}
