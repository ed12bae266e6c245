import 'server-only';
import type { Actor } from '@/lib/auth/actor';
import { requireActor } from '@/lib/auth/session';
import { now, today } from '@/lib/clock';
import type { ServiceContext } from '@/lib/context';
import { getDb } from '@/lib/db';
import { requestMeta } from '@/lib/request-meta';

/** The service context of the current request: one "now" for the whole request. */
export async function requestContext(actor?: Actor): Promise<ServiceContext> {
  const who = actor ?? (await requireActor());
  const at = now();
  return { db: getDb(), actor: who, now: at, today: today(at), meta: await requestMeta() };
}
