'use client';

/**
 * 办理记录 of the task page from [time, line] pairs the page wrote in words. A client component so
 * that its 50 entries travel once as data in the RSC payload and once as HTML, not twice as markup
 * (they are the page's largest part); the time's style is the list's (.timeline in app/globals.css).
 */
export function TaskTimeline({ entries }: { entries: [at: string, line: string][] }) {
  return (
    <ol className="timeline flex flex-col gap-1 text-sm *:grid *:grid-cols-[9.5rem_1fr] *:gap-2 max-sm:*:grid-cols-1 max-sm:*:gap-0" data-testid="timeline">
      {entries.map(([at, line], i) => (
        <li key={i}>
          <span>{at}</span>
          <span>{line}</span>
        </li>
      ))}
    </ol>
  );
}
