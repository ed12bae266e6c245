'use client';

import { FoldToggle, useFold } from '@/components/fold-toggle';

/** How many of the newest entries the page shows before 展开更早的记录: a phone screen's worth. */
export const TIMELINE_FIRST_SHOWN = 10;

/**
 * 办理记录 of the task page from [time, line] pairs the page wrote in words, newest first. A client
 * component so that its entries travel once as data in the RSC payload, not twice as markup; only
 * the newest ten become HTML until the reader asks for the older ones (the page's largest part was
 * fifty lines few people scroll through). Styled once as .timeline in app/globals.css.
 */
export function TaskTimeline({ entries }: { entries: [at: string, line: string][] }) {
  const fold = useFold(entries, TIMELINE_FIRST_SHOWN);
  return (
    <>
      <ol id="timeline-entries" className="timeline" data-testid="timeline">
        {fold.shown.map(([at, line], i) => (
          <li key={i}>
            <span>{at}</span>
            <span>{line}</span>
          </li>
        ))}
      </ol>
      <FoldToggle
        fold={fold}
        controls="timeline-entries"
        className="mt-2"
        openLabel={`收起，只看最近 ${TIMELINE_FIRST_SHOWN} 条`}
        closedLabel={(hidden) => `展开更早的 ${hidden} 条记录`}
      />
    </>
  );
}
