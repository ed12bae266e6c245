import { redirect } from 'next/navigation';
import { can } from '@/lib/auth/permissions';
import { requireActor } from '@/lib/auth/session';

/** Home: unit staff start at their own tasks, everyone else at the ledger. */
export default async function HomePage() {
  const actor = await requireActor();
  redirect(can(actor, 'myTasks.read') ? '/my' : '/tasks');
}
