import * as React from 'react';
import { cn } from '@/lib/utils';

export function Card({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('rounded-lg border bg-card text-card-foreground shadow-sm', className)} {...props} />;
}
export function CardHeader({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('flex flex-col gap-1.5 p-4 md:p-6', className)} {...props} />;
}
export function CardTitle({ className, ...props }: React.HTMLAttributes<HTMLHeadingElement>) {
  return <h2 className={cn('text-lg font-semibold leading-tight', className)} {...props} />;
}
export function CardContent({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('p-4 pt-0 md:p-6 md:pt-0', className)} {...props} />;
}

/**
 * A card with a heading over its content, the usual block of a page. The heading is small
 * (`text-base`) over a tight header unless `titleClassName` / `headerClassName` say otherwise;
 * `titleId` lets the card be named by its heading (`aria-labelledby`); `description` sits under
 * the heading.
 */
export function SectionCard({
  title,
  titleId,
  description,
  headerClassName = 'pb-2 md:pb-2',
  titleClassName = 'text-base',
  contentClassName,
  children,
  ...props
}: Omit<React.HTMLAttributes<HTMLDivElement>, 'title'> & {
  title: React.ReactNode;
  titleId?: string;
  description?: React.ReactNode;
  headerClassName?: string;
  titleClassName?: string;
  contentClassName?: string;
}) {
  return (
    <Card {...props}>
      <CardHeader className={headerClassName}>
        <CardTitle id={titleId} className={titleClassName}>
          {title}
        </CardTitle>
        {description}
      </CardHeader>
      <CardContent className={contentClassName}>{children}</CardContent>
    </Card>
  );
}
