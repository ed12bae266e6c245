'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { ActionAlert, type ActionMessage } from '@/components/action-message';
import { Button } from '@/components/ui/button';
import type { MonthItemRef } from '@/lib/reporting/month-schemas';
import { setSignOffRequiredAction, signOffMonthAction } from './actions';

/**
 * 负责人审阅: the unit head reads the month on this page and signs the drafts as they stand; where
 * the unit asks for it (a setting the head keeps), staff submit only what was signed.
 */
export function SignOffPanel({
  month,
  required,
  isHead,
  signOffText,
  flushAll,
  rows,
}: {
  month: string;
  required: boolean;
  isHead: boolean;
  signOffText: string | null;
  flushAll: () => Promise<boolean>;
  rows: () => MonthItemRef[];
}) {
  const router = useRouter();
  const [message, setMessage] = useState<ActionMessage>(null);
  const [pending, setPending] = useState(false);
  // The box follows the click at once; a refusal puts it back.
  const [asked, setAsked] = useState(required);

  async function run(fn: () => Promise<{ ok: boolean; message?: string; error?: string }>) {
    setPending(true);
    setMessage(null);
    try {
      const result = await fn();
      setMessage(result.ok ? { ok: true, text: result.message ?? '已保存' } : { ok: false, text: result.error ?? '操作失败' });
      if (result.ok) router.refresh();
    } finally {
      setPending(false);
    }
  }

  async function signOff() {
    if (!(await flushAll())) {
      setMessage({ ok: false, text: '有任务未能保存，请处理后再审阅' });
      return;
    }
    const items = rows();
    if (items.length === 0) {
      setMessage({ ok: false, text: '本月没有可审阅的草稿' });
      return;
    }
    await run(() => signOffMonthAction({ month, items }));
  }

  return (
    <section aria-labelledby="sign-off-title" className="flex flex-col gap-2 rounded-lg border bg-white p-3 text-sm" data-testid="sign-off">
      <h2 id="sign-off-title" className="font-semibold">
        负责人审阅
      </h2>
      <p>{asked ? '本单位报送前须经负责人审阅。' : '本单位未要求报送前经负责人审阅（负责人仍可在此通读全月内容）。'}</p>
      <p className="text-muted-foreground" data-testid="sign-off-state">
        {signOffText ?? '本月尚未审阅。'}
      </p>
      {isHead && (
        <div className="flex flex-wrap items-center gap-3">
          <Button type="button" size="sm" disabled={pending} onClick={() => void signOff()}>
            审阅通过本月草稿
          </Button>
          <label className="inline-flex items-center gap-2">
            <input
              type="checkbox"
              className="size-4 accent-primary"
              checked={asked}
              disabled={pending}
              onChange={(e) => {
                const next = e.target.checked;
                setAsked(next);
                void run(async () => {
                  const result = await setSignOffRequiredAction({ required: next });
                  if (!result.ok) setAsked(!next);
                  return result;
                });
              }}
            />
            报送前须经负责人审阅
          </label>
        </div>
      )}
      <ActionAlert message={message} />
    </section>
  );
}
