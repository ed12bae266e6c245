'use server';

import { action } from '@/lib/actions/action-client';
import { signAllSchema, signTaskSchema } from '@/lib/lifecycle/schemas';
import { signAllInView, signTask } from '@/lib/lifecycle/sign-for-service';

/** 签收 shows on the workbench, on the task page and in the lights. */
const SIGN = { permission: 'tasks.sign', revalidate: [['/', 'layout']] } as const;

export const signTaskAction = action({ ...SIGN, schema: signTaskSchema, run: signTask });
export const signAllAction = action({ ...SIGN, schema: signAllSchema, run: signAllInView });
