'use server';

import { action } from '@/lib/actions/action-client';
import { today } from '@/lib/clock';
import { acceptResponse, addNoticeNote, closeNotice, issueNotice, respondToNotice, sendBackResponse } from '@/lib/notices/notice-commands';
import { acceptSchema, closeSchema, issueNoticeSchema, noteSchema, respondSchema, sendBackSchema } from '@/lib/notices/schemas';

/*
 * Every action validates with the form's own schema, then calls the service, which checks the
 * role and the unit again (the browser is never trusted).
 */

const LIST = '/notices';
const NOTICE = ['/notices/[id]', 'page'] as const;

/** The due date is checked against the clock when the input is parsed. */
export const issueNoticeAction = action({
  schema: issueNoticeSchema(today),
  permission: 'notices.manage',
  revalidate: [LIST],
  run: (ctx, input) => issueNotice(ctx, input),
});

export const respondAction = action({
  schema: respondSchema,
  permission: 'notices.respond',
  revalidate: [LIST, NOTICE],
  run: (ctx, input) => respondToNotice(ctx, input),
});

export const acceptAction = action({
  schema: acceptSchema,
  permission: 'notices.manage',
  invalidMessage: '参数不正确',
  revalidate: [LIST, NOTICE],
  run: (ctx, input) => acceptResponse(ctx, input),
});

export const sendBackAction = action({
  schema: sendBackSchema,
  permission: 'notices.manage',
  revalidate: [LIST, NOTICE],
  run: (ctx, input) => sendBackResponse(ctx, input),
});

export const closeNoticeAction = action({
  schema: closeSchema,
  permission: 'notices.manage',
  invalidMessage: '参数不正确',
  revalidate: [LIST, NOTICE],
  run: (ctx, input) => closeNotice(ctx, input),
});

export const addNoteAction = action({
  schema: noteSchema,
  permission: 'notices.manage',
  revalidate: [LIST, NOTICE],
  run: (ctx, input) => addNoticeNote(ctx, input),
});
