import 'server-only';
import { headers } from 'next/headers';
import type { RequestMeta } from '@/lib/audit/audit-service';
import { clientAddress } from '@/lib/auth/client-address';

/** The client address of the current request, for the audit trail. */
export async function requestMeta(): Promise<RequestMeta> {
  return { ip: clientAddress(await headers()) };
}
