'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/session';
import { now } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { markRead } from '@/lib/notifications/notification-service';

/** Marks one notification (or all, with null) of the current user as read. */
export async function markReadAction(id: unknown) {
  const actor = await requireActor();
  const parsed = z.number().int().positive().nullable().safeParse(id);
  if (!parsed.success) return { ok: false as const, error: '参数不正确' };
  markRead(getDb(), actor, parsed.data, now());
  revalidatePath('/', 'layout');
  return { ok: true as const };
}
