'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { guarded, invalidInput } from '@/lib/actions/action-result';
import { requireActor } from '@/lib/auth/session';
import { now } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { acknowledgeInstruction, createInstruction, replyInstruction } from '@/lib/instructions/instruction-service';
import { instructionReplySchema, instructionSchema } from '@/lib/instructions/schemas';
import { requestMeta } from '@/lib/request-meta';
import { liftFlagSchema, raiseFlagSchema } from '@/lib/warnings/flag-schemas';
import { liftFlag, raiseFlag } from '@/lib/warnings/flag-service';

async function done<T extends { ok: boolean }>(result: T) {
  if (result.ok) revalidatePath('/tasks/[id]', 'page');
  return result;
}

export async function raiseFlagAction(input: unknown) {
  const actor = await requireActor();
  const parsed = raiseFlagSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  return done(await guarded(() => raiseFlag(getDb(), actor, parsed.data, now(), meta)));
}

export async function liftFlagAction(input: unknown) {
  const actor = await requireActor();
  const parsed = liftFlagSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  return done(await guarded(() => liftFlag(getDb(), actor, parsed.data, now(), meta)));
}

export async function instructAction(input: unknown) {
  const actor = await requireActor();
  const parsed = instructionSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  return done(await guarded(() => createInstruction(getDb(), actor, parsed.data, now(), meta)));
}

export async function acknowledgeAction(receiptId: unknown) {
  const actor = await requireActor();
  const id = z.number().int().positive().safeParse(receiptId);
  if (!id.success) return { ok: false as const, error: '批示编号不正确' };
  const meta = await requestMeta();
  return done(await guarded(() => acknowledgeInstruction(getDb(), actor, id.data, now(), meta)));
}

export async function replyAction(input: unknown) {
  const actor = await requireActor();
  const parsed = instructionReplySchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  return done(await guarded(() => replyInstruction(getDb(), actor, parsed.data, now(), meta)));
}
