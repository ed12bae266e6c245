'use server';

import { revalidatePath } from 'next/cache';
import { guarded, invalidInput } from '@/lib/actions/action-result';
import { userActiveSchema, userCreateSchema, userResetPasswordSchema, userUpdateSchema } from '@/lib/admin/schemas';
import { createUserByAdmin, resetUserPasswordByAdmin, setUserActiveByAdmin, updateUserByAdmin } from '@/lib/admin/user-admin-service';
import { requireActor } from '@/lib/auth/session';
import { now } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { requestMeta } from '@/lib/request-meta';

export async function createUserAction(input: unknown) {
  const actor = await requireActor();
  const parsed = userCreateSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  const result = await guarded(() => createUserByAdmin(getDb(), actor, parsed.data, meta, now()));
  revalidatePath('/admin/users');
  return result;
}

export async function updateUserAction(input: unknown) {
  const actor = await requireActor();
  const parsed = userUpdateSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  const result = await guarded(() => updateUserByAdmin(getDb(), actor, parsed.data, meta, now()));
  revalidatePath('/admin/users');
  return result;
}

export async function resetUserPasswordAction(input: unknown) {
  const actor = await requireActor();
  const parsed = userResetPasswordSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  const result = await guarded(() => resetUserPasswordByAdmin(getDb(), actor, parsed.data, meta, now()));
  revalidatePath('/admin/users');
  return result;
}

export async function setUserActiveAction(input: unknown) {
  const actor = await requireActor();
  const parsed = userActiveSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  const result = await guarded(() => setUserActiveByAdmin(getDb(), actor, parsed.data, meta, now()));
  revalidatePath('/admin/users');
  return result;
}
