'use client';

import dynamic from 'next/dynamic';

/** The manual flag panel: supervisors only, so its code is fetched only when it is rendered. */
export const LazyFlagPanel = dynamic(() => import('./flag-panel').then((m) => m.FlagPanel));
