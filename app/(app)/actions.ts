'use server';

import { redirect } from 'next/navigation';
import { z } from 'zod';
import { action } from '@/lib/actions/action-client';
import { logOut, logOutEverywhere } from '@/lib/auth/account-service';
import { signOut } from '@/lib/auth/next-auth';
import { listFilterSchema, setListFilter } from '@/lib/plans/plan-scope';

/**
 * 退出 (a plain form in the header): this session ends server-side (its row in user_sessions,
 * audited), not only the cookie cleared; the user's other browsers stay logged in. Then the login
 * page. A user who must change their password may still leave.
 */
export const logoutAction = action({
  schema: z.unknown(),
  allowPasswordChange: true,
  run: async (ctx) => {
    await logOut(ctx);
    // Throws Next's redirect, which the pipeline lets through.
    return signOut({ redirectTo: '/login' });
  },
});

/** 退出所有设备 (the account page): every session of the user ends, this one included; then the login page. */
export const logoutEverywhereAction = action({
  schema: z.unknown(),
  allowPasswordChange: true,
  run: async (ctx) => {
    await logOutEverywhere(ctx);
    return signOut({ redirectTo: '/login' });
  },
});

/** Paths a list switch may return to: this app's own pages, never another origin. */
function safeReturnPath(raw: unknown): string {
  const value = typeof raw === 'string' ? raw : '';
  return /^\/(?!\/)[\w\-/]*$/.test(value) ? value : '/';
}

/**
 * The list switcher's form as posted (it works without JavaScript): every value is taken as sent,
 * so that whatever is chosen the page comes back.
 */
const listSwitchSchema = z.unknown().pipe(z.object({ plan: z.unknown().optional(), back: z.unknown().optional() }));

/** 切换任务清单: remembers the user's list filter, then shows the same page for that list. */
export const chooseListAction = action({
  schema: listSwitchSchema,
  // Every page (and the header's switcher in the shared layout) shows the chosen lists: drop what the
  // browser holds of them, prefetched before the choice, so the page that comes back is not an old copy.
  revalidate: [['/', 'layout']],
  run: async (ctx, input) => {
    const filter = listFilterSchema.safeParse({ plan: input.plan });
    // A list archived meanwhile (or a value that names no list) is simply not chosen: the page comes back with the lists as they are now.
    if (filter.success) await setListFilter(ctx.db, ctx.actor, filter.data);
    // Filters of the page (a section of another list, a page number) may not apply to the new choice.
    redirect(safeReturnPath(input.back));
  },
});
