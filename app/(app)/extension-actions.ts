'use server';

import { action } from '@/lib/actions/action-client';
import { decideExtension, leaderDecideExtension, requestExtension, withdrawExtension } from '@/lib/extensions/extension-service';
import { decideExtensionSchema, requestExtensionSchema, withdrawExtensionSchema } from '@/lib/extensions/schemas';

/**
 * 延期申请: asked from the task page, a 督办单 or the report editor, decided on 待审批. A moved date
 * shows wherever it is read (the task, the ledger, the notice, the report editor, the lights).
 */
const EVERYWHERE = { revalidate: [['/', 'layout']] } as const;

export const requestExtensionAction = action({ ...EVERYWHERE, schema: requestExtensionSchema, permission: 'extensions.request', run: requestExtension });
export const withdrawExtensionAction = action({ ...EVERYWHERE, schema: withdrawExtensionSchema, permission: 'extensions.request', run: withdrawExtension });
export const decideExtensionAction = action({ ...EVERYWHERE, schema: decideExtensionSchema, permission: 'extensions.decide', run: decideExtension });
export const leaderDecideExtensionAction = action({ ...EVERYWHERE, schema: decideExtensionSchema, permission: 'extensions.approveLong', run: leaderDecideExtension });
