'use server';

import { action } from '@/lib/actions/action-client';
import { decideClosureRequest, reopenTask, requestClosure } from '@/lib/lifecycle/closure-service';
import { closureDecisionSchema, closureRequestSchema, reopenTaskSchema } from '@/lib/lifecycle/schemas';

/** A closure changes the task page, the workbench, the approvals and the lights: the whole app. */
const EVERYWHERE = { revalidate: [['/', 'layout']] } as const;

export const requestClosureAction = action({ ...EVERYWHERE, schema: closureRequestSchema, permission: 'closures.request', run: requestClosure });
export const decideClosureAction = action({ ...EVERYWHERE, schema: closureDecisionSchema, permission: 'closures.decide', run: decideClosureRequest });
export const reopenTaskAction = action({ ...EVERYWHERE, schema: reopenTaskSchema, permission: 'closures.decide', run: reopenTask });
