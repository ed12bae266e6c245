import 'server-only';
import { cache } from 'react';
import type { Actor } from '@/lib/auth/actor';
import { requireActor } from '@/lib/auth/session';
import { now, today } from '@/lib/clock';
import type { ServiceContext } from '@/lib/context';
import { getDb } from '@/lib/db';
import { planScope, type PlanScope } from '@/lib/plans/plan-scope';
import { requestMeta } from '@/lib/request-meta';

/**
 * The session is checked once per request, however many of the layout, the page and its panels ask
 * (React's per-request cache): each check decodes the token and reads the account and its session.
 */
const requestActor = cache(() => requireActor());

/** The service context of the current request: one "now" for the whole request. */
export async function requestContext(actor?: Actor): Promise<ServiceContext> {
  const who = actor ?? (await requestActor());
  const at = now();
  return { db: getDb(), actor: who, now: at, today: today(at), meta: await requestMeta() };
}

/**
 * The lists in view of the request's user (planScope), read once however many of the layout (its
 * list switcher) and the page ask.
 */
export const requestPlanScope = cache(async (): Promise<PlanScope> => planScope(getDb(), await requestActor()));
