'use client';

import { useState } from 'react';

/**
 * A long list folded to its first `firstShown` items until the reader unfolds it (折叠/展开). The
 * task page's 办理记录 and the lights' reasons use it: the whole list travels once as data in the
 * RSC payload, only the shown part becomes HTML.
 */
export function useFold<T>(items: readonly T[], firstShown: number) {
  const [open, setOpen] = useState(false);
  return {
    shown: open ? items : items.slice(0, firstShown),
    /** How many items the folded list leaves out (0: nothing to unfold, no button). */
    hidden: Math.max(0, items.length - firstShown),
    open,
    toggle: () => setOpen((o) => !o),
  };
}

/**
 * The button that unfolds and folds a list: it names the list it controls and whether that list is
 * unfolded, so a screen reader says what it does. Renders nothing when nothing is folded away.
 */
export function FoldToggle({
  fold,
  controls,
  openLabel,
  closedLabel,
  className = '',
}: {
  fold: { hidden: number; open: boolean; toggle: () => void };
  /** The id of the list element. */
  controls: string;
  /** What the button says while the list is unfolded (收起…). */
  openLabel: string;
  /** What it says while folded (展开…), given how many items are hidden. */
  closedLabel: (hidden: number) => string;
  className?: string;
}) {
  if (fold.hidden === 0) return null;
  return (
    <button type="button" className={`text-sm text-primary hover:underline ${className}`} aria-controls={controls} aria-expanded={fold.open} onClick={fold.toggle}>
      {fold.open ? openLabel : closedLabel(fold.hidden)}
    </button>
  );
}
