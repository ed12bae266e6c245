'use client';

import Link from 'next/link';

/*
 * A client component only for its weight: every page's RSC payload carries its not-found boundary
 * twice (the root layout and the app's), as a reference here instead of the whole markup.
 */
export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-3 p-4 text-center">
      <h1 className="text-xl font-bold">页面不存在</h1>
      <p className="text-muted-foreground">您访问的页面不存在或已被移除。</p>
      <Link href="/" className="text-primary underline">
        返回首页
      </Link>
    </main>
  );
}
