'use client';

import { useState } from 'react';

/** How many of the newest entries the page shows before 显示全部: a phone screen's worth. */
export const TIMELINE_FIRST_SHOWN = 10;

/**
 * 办理记录 of the task page from [time, line] pairs the page wrote in words, newest first. A client
 * component so that its entries travel once as data in the RSC payload, not twice as markup; only
 * the newest ten become HTML until the reader asks for the older ones (the page's largest part was fifty
 * lines few people scroll through). The time's style is the list's (.timeline in app/globals.css).
 */
export function TaskTimeline({ entries }: { entries: [at: string, line: string][] }) {
  const [all, setAll] = useState(false);
  const shown = all ? entries : entries.slice(0, TIMELINE_FIRST_SHOWN);
  const hidden = entries.length - TIMELINE_FIRST_SHOWN;
  return (
    <>
      <ol id="timeline-entries" className="timeline flex flex-col gap-1 text-sm *:grid *:grid-cols-[9.5rem_1fr] *:gap-2 max-sm:*:grid-cols-1 max-sm:*:gap-0" data-testid="timeline">
        {shown.map(([at, line], i) => (
          <li key={i}>
            <span>{at}</span>
            <span>{line}</span>
          </li>
        ))}
      </ol>
      {hidden > 0 && (
        <button type="button" className="mt-2 text-sm text-primary hover:underline" aria-controls="timeline-entries" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? `收起，只看最近 ${TIMELINE_FIRST_SHOWN} 条` : `展开更早的 ${hidden} 条记录`}
        </button>
      )}
    </>
  );
}
