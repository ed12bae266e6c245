import type { Db } from '@/db/client';
import type { RequestMeta } from '@/lib/audit/audit-service';
import type { Actor } from '@/lib/auth/actor';

/**
 * What every service call gets, built once per request by the action pipeline, the route
 * preamble or a page (`requestContext()`): the database handle, who is asking, the pinned clock
 * (so a request sees one "now" throughout) and where the request came from.
 */
export type ServiceContext = {
  db: Db;
  actor: Actor;
  now: Date;
  /** Today's date in Beijing, YYYY-MM-DD. */
  today: string;
  meta: RequestMeta;
};
