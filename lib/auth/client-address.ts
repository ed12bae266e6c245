import { getEnv } from '@/lib/env';

/**
 * The client's address. `next start` appends the socket address to X-Forwarded-For, so the last
 * entry is the one this server saw; earlier entries are whatever the client claimed. Behind a
 * reverse proxy set TRUST_PROXY_HOPS (validated in lib/env.ts) to the number of proxies to look
 * further back.
 */
export function clientAddress(headers: Headers, hops: number = getEnv().TRUST_PROXY_HOPS): string | null {
  const list = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list[Math.max(0, list.length - 1 - hops)] ?? headers.get('x-real-ip') ?? null;
}
