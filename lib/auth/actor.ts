import type { Role } from './roles';

/** The logged-in user as services see it: never the DB row (no hash, no secrets). */
export type Actor = {
  userId: number;
  username: string;
  displayName: string;
  role: Role;
  unitId: number | null;
  unitName: string | null;
};
