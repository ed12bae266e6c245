'use client';

import { Button, type ButtonProps } from '@/components/ui/button';

/**
 * Opens the browser's print dialog; hidden on paper. `variant="default"` for the print pages'
 * toolbar (the button is their main action), outline beside other page actions.
 */
export function PrintButton({ label = '打印', variant = 'outline' }: { label?: string; variant?: ButtonProps['variant'] }) {
  return (
    <Button type="button" variant={variant} className="print:hidden" onClick={() => window.print()}>
      {label}
    </Button>
  );
}
