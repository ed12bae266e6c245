'use client';

import { useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { markReadAction } from './actions';

export function MarkReadButton({ id, label }: { id: number | null; label: string }) {
  const [pending, startTransition] = useTransition();
  return (
    <Button type="button" size="sm" variant="outline" disabled={pending} onClick={() => startTransition(async () => void (await markReadAction(id)))}>
      {label}
    </Button>
  );
}
