import { getEnv } from '@/lib/env';

/**
 * The client's address, as the login throttle counts it and the audit trail records it. A client
 * can send any X-Forwarded-For, and `next start` keeps it; so `npm start` serves through
 * scripts/app-server.mjs, which rewrites the header before Next sees it: the socket's address
 * last, preceded only by what the TRUST_PROXY_HOPS trusted proxies in front appended (validated in
 * lib/env.ts). The address is read that many entries back from the end. X-Real-IP is not read: any
 * client can set it.
 */
export function clientAddress(headers: Headers, hops: number = getEnv().TRUST_PROXY_HOPS): string | null {
  const list = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list[Math.max(0, list.length - 1 - hops)] ?? null;
}
