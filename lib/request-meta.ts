import 'server-only';
import { headers } from 'next/headers';
import type { RequestMeta } from '@/lib/audit/audit-service';

/** The client address of the current request (first hop of X-Forwarded-For when behind a proxy). */
export async function requestMeta(): Promise<RequestMeta> {
  const h = await headers();
  const forwarded = h.get('x-forwarded-for')?.split(',')[0]?.trim();
  return { ip: forwarded || h.get('x-real-ip') || null };
}
