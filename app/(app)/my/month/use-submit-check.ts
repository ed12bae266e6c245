'use client';

import { useEffect, useState } from 'react';
import type { missingForSubmit } from '@/lib/reporting/missing-for-submit';

type SubmitCheck = typeof missingForSubmit;

// The check runs the submit schemas, and zod with them: it loads just after the page does, and until
// then a row shows what the server found missing in the values it rendered.
let loaded: SubmitCheck | null = null;
let loading: Promise<SubmitCheck> | null = null;

function load(): Promise<SubmitCheck> {
  return (loading ??= import('@/lib/reporting/missing-for-submit')
    .then((m) => (loaded = m.missingForSubmit))
    .catch((error: unknown) => {
      loading = null; // the next row's mount retries
      throw error;
    }));
}

/** The submit check once loaded (null before): a row re-renders with it as soon as it arrives. */
export function useSubmitCheck(): SubmitCheck | null {
  const [check, setCheck] = useState<SubmitCheck | null>(() => loaded);
  useEffect(() => {
    if (check) return;
    load().then(
      (c) => setCheck(() => c),
      () => undefined,
    );
  }, [check]);
  return check;
}

/** For callbacks outside rendering: the check's answer if it has loaded, else `fallback`. */
export function missingNow(compute: (check: SubmitCheck) => string[], fallback: readonly string[]): string[] {
  return loaded ? compute(loaded) : [...fallback];
}
