import { redirect } from 'next/navigation';

/** The lists moved to /lists (the office manages them too); old links still land there. */
export default function AdminPlansPage() {
  redirect('/lists');
}
