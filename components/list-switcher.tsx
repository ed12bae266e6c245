'use client';

import { usePathname } from 'next/navigation';
import { useRef } from 'react';
import { NativeSelect } from '@/components/ui/input';
import { formAction } from '@/lib/actions/form-action';

export type ListOption = { id: number; label: string; title: string };

/** A server action the form posts itself (so it works without JavaScript); what it returns is not read (it redirects). */
export type FormPost = (formData: FormData) => Promise<unknown>;

/**
 * 任务清单筛选: all active lists or one, remembered per user. A plain form (works without
 * JavaScript through its button); with JavaScript a choice submits at once.
 */
export function ListSwitcher({ lists, chosen, action }: { lists: ListOption[]; chosen: number | null; action: FormPost }) {
  const pathname = usePathname();
  const form = useRef<HTMLFormElement>(null);
  return (
    <form ref={form} action={formAction(action)} className="flex items-center gap-2 text-sm" aria-label="任务清单筛选">
      <input type="hidden" name="back" value={pathname} />
      <label htmlFor="list-switcher" className="whitespace-nowrap">
        任务清单
      </label>
      <NativeSelect
        key={chosen ?? 'all'}
        id="list-switcher"
        name="plan"
        defaultValue={chosen ?? 'all'}
        className="h-8 max-w-64 bg-white py-0 text-foreground"
        onChange={() => form.current?.requestSubmit()}
      >
        <option value="all">全部清单（{lists.length}）</option>
        {lists.map((l) => (
          <option key={l.id} value={l.id} title={l.title}>
            {l.label}
          </option>
        ))}
      </NativeSelect>
      <noscript>
        <button type="submit" className="rounded-md border border-white/40 px-2 py-1">
          切换
        </button>
      </noscript>
    </form>
  );
}
