import * as React from 'react';
import { cn } from '@/lib/utils';

// The classes (card, card-header …) are set once in app/globals.css: cards repeat on every page, and
// a server component's classes travel twice (HTML and RSC payload).

export function Card({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('card', className)} {...props} />;
}
export function CardHeader({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('card-header', className)} {...props} />;
}
export function CardTitle({ className, ...props }: React.HTMLAttributes<HTMLHeadingElement>) {
  return <h2 className={cn('card-title', className)} {...props} />;
}
export function CardContent({ className, ...props }: React.HTMLAttributes<HTMLDivElement>) {
  return <div className={cn('card-content', className)} {...props} />;
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
  headerClassName = 'tight',
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
