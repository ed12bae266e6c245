'use server';

import { writeAudit } from '@/lib/audit/audit-service';
import { endAllSessions } from '@/lib/auth/account-service';
import { signOut } from '@/lib/auth/next-auth';
import { redirect } from 'next/navigation';
import { getSessionUser, requireActor } from '@/lib/auth/session';
import { setListFilter } from '@/lib/plans/plan-scope';
import { now } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { requestMeta } from '@/lib/request-meta';

/** 退出: the token is revoked server-side (session version bump), not only the cookie cleared. */
export async function logoutAction(): Promise<void> {
  const user = await getSessionUser();
  if (user) {
    endAllSessions(getDb(), user.userId);
    writeAudit(getDb(), user, { action: 'account.logout', entityType: 'user', entityId: user.userId }, await requestMeta(), now());
  }
  await signOut({ redirectTo: '/login' });
}

/** Paths a list switch may return to: this app's own pages, never another origin. */
function safeReturnPath(raw: FormDataEntryValue | null): string {
  const value = typeof raw === 'string' ? raw : '';
  return /^\/(?!\/)[\w\-/]*$/.test(value) ? value : '/';
}

/** 切换任务清单: remembers the user's list filter, then shows the same page for that list. */
export async function chooseListAction(formData: FormData): Promise<void> {
  const actor = await requireActor();
  // A list archived meanwhile is simply not chosen: the page comes back with the lists as they are now.
  setListFilter(getDb(), actor, { plan: formData.get('plan') });
  // Filters of the page (a section of another list, a page number) may not apply to the new choice.
  redirect(safeReturnPath(formData.get('back')));
}
