import type { Role } from './roles';

/** The logged-in user as services see it: never the DB row (no hash, no secrets). */
export type Actor = {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number | null;
  unitName: string | null;
  /** The server-side session of the request (absent for scripts and tests): logout ends this one. */
  sessionId?: string;
};
