import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { PageHeader } from '@/components/page-header';
import { seesAllUnits } from '@/lib/auth/unit-scope';
import { requestContext } from '@/lib/request-context';
import { ClosureQueue } from './closure-queue';
import { ExtensionQueue } from './extension-queue';
import { MilestonePlanQueue } from './milestone-plan-queue';

export const metadata: Metadata = { title: '待审批' };

/**
 * 待审批: what the office (and, for long extensions, a leader) has to decide — milestone plans,
 * extension requests and applications to close. Each section is its own component and query.
 */
export default async function ApprovalsPage() {
  const ctx = await requestContext();
  if (!seesAllUnits(ctx.actor)) redirect('/my');
  return (
    <div className="flex flex-col gap-4">
      <PageHeader title="待审批" description="时间节点计划、延期申请与办结申请" />
      <MilestonePlanQueue ctx={ctx} />
      <ExtensionQueue ctx={ctx} />
      <ClosureQueue ctx={ctx} />
    </div>
  );
}
