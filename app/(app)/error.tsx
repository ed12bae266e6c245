'use client';

/**
 * A page that fails to render (a refused read included: the security and audit administrators
 * typing a business address, say) shows this instead of the bare 500: in production the reason is
 * not sent to the browser, so the text covers both.
 */
export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="mx-auto flex min-h-[50vh] max-w-md flex-col items-center justify-center gap-3 p-4 text-center" role="alert">
      <h1 className="text-xl font-bold">无法显示此页面</h1>
      <p className="text-muted-foreground">您的账户可能无权查看此页面，或系统暂时出错。</p>
      <div className="flex gap-4">
        {/* A plain link: after a failure a full load of the home page is as good, and next/link would be
            one more copy of its code on every page (this boundary's chunk loads with each of them). */}
        <a href="/" className="text-primary underline">
          返回首页
        </a>
        <button type="button" onClick={reset} className="text-primary underline">
          重试
        </button>
      </div>
    </div>
  );
}
