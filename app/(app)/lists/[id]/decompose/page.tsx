import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { Breadcrumb } from '@/components/breadcrumb';
import { can } from '@/lib/auth/permissions';
import { getDecomposition } from '@/lib/plans/plan-service';
import { requestContext } from '@/lib/request-context';
import { DecomposeRow } from './decompose-row';
import { PublishButton } from './publish-button';

export const metadata: Metadata = { title: '分解任务' };

/**
 * 分解: the office assigns lead and participating units, leaders and deadlines to each task of a
 * list whose source names none (the government work report). Each row saves by itself.
 */
export default async function DecomposePage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requestContext();
  if (!can(ctx.actor, 'plans.manage')) redirect('/tasks');
  const raw = (await params).id;
  if (!/^\d{1,9}$/.test(raw)) notFound();
  const data = await getDecomposition(ctx, Number(raw));
  if (!data) notFound();
  return (
    <div className="flex flex-col gap-4">
      <Breadcrumb items={[{ href: '/lists', label: '任务清单' }, { label: '分解' }]} />
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-xl font-bold md:text-2xl">分解：{data.plan.title}</h1>
          <p className="text-sm text-muted-foreground">
            为每项任务填写牵头单位、参与单位（全称、别名或简称均可，多个用顿号分隔）、责任领导和完成时限，逐项保存；带“建议”的是根据任务内容推荐的单位，点一下即可填入。
          </p>
        </div>
        <p className="text-sm" data-testid="decompose-progress">
          已分解 <span className="font-semibold tabular-nums">{data.assigned}</span> / {data.total} 项
        </p>
      </div>
      <datalist id="unit-names">
        {data.unitNames.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      {data.sections.map((s) => (
        <section key={s.id} aria-labelledby={`sec-${s.id}`} className="flex flex-col gap-2">
          <h2 id={`sec-${s.id}`} className="text-lg font-semibold">
            {s.numeral}、{s.title}
          </h2>
          <ol className="flex flex-col gap-2">
            {s.tasks.map((t) => (
              <li key={t.id} className="rounded-lg border bg-white p-3" data-task-no={t.no}>
                <DecomposeRow
                  task={{ id: t.id, no: t.no, label: t.label, title: t.title, text: t.text }}
                  values={{ lead: t.lead.join('、'), participating: t.participating.join('、'), leaders: t.leaders.join('、'), deadline: t.deadline ?? '' }}
                  suggestions={t.suggestions}
                />
              </li>
            ))}
          </ol>
        </section>
      ))}
      <div className="sticky bottom-0 flex flex-wrap items-center gap-2 border-t bg-background/95 py-3">
        <PublishButton planId={data.plan.id} remaining={data.total - data.assigned} />
      </div>
    </div>
  );
}
