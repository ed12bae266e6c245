'use server';

import { revalidatePath } from 'next/cache';
import { guarded, invalidInput } from '@/lib/actions/action-result';
import { requireActor } from '@/lib/auth/session';
import { now, today } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { acceptResponse, addNoticeNote, closeNotice, issueNotice, respondToNotice, sendBackResponse } from '@/lib/notices/notice-service';
import { acceptSchema, closeSchema, issueNoticeSchema, noteSchema, respondSchema, sendBackSchema } from '@/lib/notices/schemas';
import { requestMeta } from '@/lib/request-meta';

/*
 * Every action validates with the form's own schema, then calls the service, which checks the
 * role and the unit again (the browser is never trusted).
 */

function refresh(noticeId?: number) {
  revalidatePath('/notices');
  if (noticeId) revalidatePath(`/notices/${noticeId}`);
}

export async function issueNoticeAction(input: unknown) {
  const actor = await requireActor();
  const t = today();
  const parsed = issueNoticeSchema(t).safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  const result = await guarded(() => issueNotice(getDb(), actor, parsed.data, now(), t, meta));
  if (result.ok) refresh();
  return result;
}

export async function respondAction(input: unknown) {
  const actor = await requireActor();
  const parsed = respondSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  const result = await guarded(() => respondToNotice(getDb(), actor, parsed.data, now(), meta));
  if (result.ok) refresh(result.id);
  return result;
}

export async function acceptAction(input: unknown) {
  const actor = await requireActor();
  const parsed = acceptSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  const result = await guarded(() => acceptResponse(getDb(), actor, parsed.data, now(), meta));
  if (result.ok) refresh(result.id);
  return result;
}

export async function sendBackAction(input: unknown) {
  const actor = await requireActor();
  const parsed = sendBackSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  const result = await guarded(() => sendBackResponse(getDb(), actor, parsed.data, now(), meta));
  if (result.ok) refresh(result.id);
  return result;
}

export async function closeNoticeAction(input: unknown) {
  const actor = await requireActor();
  const parsed = closeSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  const result = await guarded(() => closeNotice(getDb(), actor, parsed.data, now(), meta));
  if (result.ok) refresh(result.id);
  return result;
}

export async function addNoteAction(input: unknown) {
  const actor = await requireActor();
  const parsed = noteSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  const result = await guarded(() => addNoticeNote(getDb(), actor, parsed.data, now(), meta));
  if (result.ok) refresh(result.id);
  return result;
}

/** Removes a file of the unit's own answer while it may still answer (the service checks both). */
