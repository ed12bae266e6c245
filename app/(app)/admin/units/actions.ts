'use server';

import { revalidatePath } from 'next/cache';
import { guarded, invalidInput } from '@/lib/actions/action-result';
import { unitActiveSchema, unitAliasSchema, unitMergeSchema, unitRenameSchema } from '@/lib/admin/schemas';
import { addUnitAlias, mergeUnits, renameUnit, setUnitActive } from '@/lib/admin/unit-admin-service';
import { requireActor } from '@/lib/auth/session';
import { now } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { requestMeta } from '@/lib/request-meta';

function refresh() {
  // Unit names and aliases show on every page (ledger, pickers, units list).
  revalidatePath('/', 'layout');
}

export async function renameUnitAction(input: unknown) {
  const actor = await requireActor();
  const parsed = unitRenameSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  const result = await guarded(() => renameUnit(getDb(), actor, parsed.data, meta, now()));
  refresh();
  return result;
}

export async function addUnitAliasAction(input: unknown) {
  const actor = await requireActor();
  const parsed = unitAliasSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  const result = await guarded(() => addUnitAlias(getDb(), actor, parsed.data, meta, now()));
  refresh();
  return result;
}

export async function mergeUnitAction(input: unknown) {
  const actor = await requireActor();
  const parsed = unitMergeSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  const result = await guarded(() => mergeUnits(getDb(), actor, parsed.data, meta, now()));
  refresh();
  return result;
}

export async function setUnitActiveAction(input: unknown) {
  const actor = await requireActor();
  const parsed = unitActiveSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error);
  const meta = await requestMeta();
  const result = await guarded(() => setUnitActive(getDb(), actor, parsed.data, meta, now()));
  refresh();
  return result;
}
