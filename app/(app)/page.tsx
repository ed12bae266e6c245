import { redirect } from 'next/navigation';
import { can } from '@/lib/auth/permissions';
import { requireActor } from '@/lib/auth/session';

/** Home: unit staff start at their own tasks, the security and audit administrators at their consoles, the city office at its comparison, everyone else at the ledger. */
export default async function HomePage() {
  const actor = await requireActor();
  if (can(actor, 'security.manage')) redirect('/security');
  if (can(actor, 'audit.read')) redirect('/audit');
  if (can(actor, 'city.read')) redirect(actor.districtId === null ? '/city' : '/dashboard');
  redirect(can(actor, 'myTasks.read') ? '/my' : '/tasks');
}
