'use server';

import { redirect } from 'next/navigation';
import { invalidInput, type ActionResult } from '@/lib/actions/action-result';
import { changeOwnPassword } from '@/lib/auth/account-service';
import { signOut } from '@/lib/auth/next-auth';
import { changePasswordSchema } from '@/lib/auth/schemas';
import { requireActor } from '@/lib/auth/session';
import { now } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { requestMeta } from '@/lib/request-meta';

export async function changePasswordAction(input: unknown): Promise<ActionResult> {
  const actor = await requireActor({ allowPasswordChange: true });
  const parsed = changePasswordSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const result = await changeOwnPassword(getDb(), actor, parsed.data, await requestMeta(), now());
  if (!result.ok) return result;
  // The change ended every session (session version bumped); clear this browser's cookie too.
  await signOut({ redirect: false });
  redirect('/login?changed=1');
}
