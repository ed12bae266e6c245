'use client';

import { useState } from 'react';

/** How many of the units' reasons (报送 and 进度, one per unit and month) show before 展开. */
export const REASONS_FIRST_SHOWN = 5;

/**
 * Why the task's lights are on: the supervisor's flag and the 指标 reason always, the units'
 * reasons up to five until the reader unfolds the rest (a task with a dozen late units listed
 * two screens of them before its text on a phone). A client component so that the reasons travel
 * once as data in the RSC payload and only the shown ones become HTML.
 */
export function SignalReasons({ flag, details, target }: { flag: string | null; details: string[]; target: string | null }) {
  const [all, setAll] = useState(false);
  const hidden = details.length - REASONS_FIRST_SHOWN;
  return (
    <>
      <ul id="signal-reasons" className="list-inside list-disc text-sm text-muted-foreground" data-testid="signal-reasons">
        {flag !== null && <li>{`督查亮灯：${flag}`}</li>}
        {(all ? details : details.slice(0, REASONS_FIRST_SHOWN)).map((reason, i) => (
          <li key={i}>{reason}</li>
        ))}
        {target !== null && <li>{target}</li>}
      </ul>
      {hidden > 0 && (
        <button type="button" className="self-start text-sm text-primary hover:underline" aria-controls="signal-reasons" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? `收起，只看前 ${REASONS_FIRST_SHOWN} 条` : `展开其余 ${hidden} 条原因`}
        </button>
      )}
    </>
  );
}
