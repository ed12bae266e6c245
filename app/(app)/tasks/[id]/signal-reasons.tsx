'use client';

import { FoldToggle, useFold } from '@/components/fold-toggle';

/** How many of the units' reasons (报送 and 进度, one per unit and month) show before 展开. */
export const REASONS_FIRST_SHOWN = 5;

/**
 * Why the task's lights are on: the supervisor's flag and the 指标 reason always, the units'
 * reasons up to five until the reader unfolds the rest (a task with a dozen late units listed
 * two screens of them before its text on a phone). A client component so that the reasons travel
 * once as data in the RSC payload and only the shown ones become HTML.
 */
export function SignalReasons({ flag, details, target }: { flag: string | null; details: string[]; target: string | null }) {
  const fold = useFold(details, REASONS_FIRST_SHOWN);
  return (
    <>
      <ul id="signal-reasons" className="list-inside list-disc text-sm text-muted-foreground" data-testid="signal-reasons">
        {flag !== null && <li>{`督查亮灯：${flag}`}</li>}
        {fold.shown.map((reason, i) => (
          <li key={i}>{reason}</li>
        ))}
        {target !== null && <li>{target}</li>}
      </ul>
      <FoldToggle
        fold={fold}
        controls="signal-reasons"
        className="self-start"
        openLabel={`收起，只看前 ${REASONS_FIRST_SHOWN} 条`}
        closedLabel={(hidden) => `展开其余 ${hidden} 条原因`}
      />
    </>
  );
}
