'use server';

import { action } from '@/lib/actions/action-client';
import { answerProblem, closeProblem, escalateProblem, raiseProblem } from '@/lib/problems/problem-service';
import { answerProblemSchema, closeProblemSchema, escalateProblemSchema, raiseProblemSchema } from '@/lib/problems/schemas';

/** A problem shows on /problems, on its task's page and in the report editor it was raised from. */
const SHOWN = { revalidate: ['/problems', ['/tasks/[id]', 'page'], ['/my/tasks/[id]', 'page'], '/dashboard'] } as const;

export const raiseProblemAction = action({ ...SHOWN, schema: raiseProblemSchema, permission: 'problems.raise', run: raiseProblem });
export const answerProblemAction = action({ ...SHOWN, schema: answerProblemSchema, permission: 'problems.answer', run: answerProblem });
export const escalateProblemAction = action({ ...SHOWN, schema: escalateProblemSchema, permission: 'problems.answer', run: escalateProblem });
// The raising unit or the office: the service decides (no one permission names both).
export const closeProblemAction = action({ ...SHOWN, schema: closeProblemSchema, run: closeProblem });
