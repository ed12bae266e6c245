/**
 * A page's title (the one h1) with a line under it; `actions` (a button, a summary) sit at the
 * right, or under it on a phone. `testId` names the line for tests.
 */
export function PageHeader({ title, description, actions, testId }: { title: React.ReactNode; description?: React.ReactNode; actions?: React.ReactNode; testId?: string }) {
  const heading = (
    <div>
      <h1 className="text-xl font-bold md:text-2xl">{title}</h1>
      {description && (
        <p className="text-sm text-muted-foreground" data-testid={testId}>
          {description}
        </p>
      )}
    </div>
  );
  if (!actions) return heading;
  return (
    <div className="flex flex-wrap items-end justify-between gap-2">
      {heading}
      {actions}
    </div>
  );
}
