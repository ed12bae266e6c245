import { and, asc, eq, inArray } from 'drizzle-orm';
import { attachments, contributions, indicators, reportIndicatorValues, reports, submissionSnapshots, type AttachmentOwner } from '@/db/schema';
import type { Reader, Tx } from '@/lib/db';

/** Freezes the current content of a report or part (for the diff after a return). */
export async function snapshot(
  tx: Tx,
  ownerType: 'report' | 'contribution',
  ownerId: number,
  event: 'submitted' | 'returned' | 'approved',
  comment: string | null,
  actorId: number,
  at: Date,
): Promise<void> {
  let content: Record<string, unknown>;
  if (ownerType === 'report') {
    const [r] = await tx.select().from(reports).where(eq(reports.id, ownerId)).limit(1);
    const values = await tx
      .select({ name: indicators.name, unit: indicators.unit, value: reportIndicatorValues.value })
      .from(reportIndicatorValues)
      .innerJoin(indicators, eq(indicators.id, reportIndicatorValues.indicatorId))
      .where(eq(reportIndicatorValues.reportId, ownerId));
    content = { progress: r!.progress, percentDone: r!.percentDone, problems: r!.problems, nextSteps: r!.nextSteps, indicators: values };
  } else {
    const [c] = await tx.select().from(contributions).where(eq(contributions.id, ownerId)).limit(1);
    content = { content: c!.content };
  }
  await tx.insert(submissionSnapshots).values({ ownerType, ownerId, event, content: JSON.stringify(content), comment, actorId, at });
}

export type AttachmentMeta = { id: number; fileName: string; size: number; mime: string; createdAt: Date };

/** The attachments of several reports, parts or notice answers, by owner, in upload order. */
export async function attachmentsOf(db: Reader, ownerType: AttachmentOwner, ownerIds: number[]): Promise<Map<number, AttachmentMeta[]>> {
  const map = new Map<number, AttachmentMeta[]>();
  if (ownerIds.length === 0) return map;
  const rows = await db
    .select({
      id: attachments.id,
      ownerId: attachments.ownerId,
      fileName: attachments.fileName,
      size: attachments.size,
      mime: attachments.mime,
      createdAt: attachments.createdAt,
    })
    .from(attachments)
    .where(and(eq(attachments.ownerType, ownerType), inArray(attachments.ownerId, ownerIds)))
    .orderBy(asc(attachments.id));
  for (const { ownerId, ...a } of rows) map.set(ownerId, [...(map.get(ownerId) ?? []), a]);
  return map;
}
