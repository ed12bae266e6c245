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
/** A change to a notice shows in the list and on the notice's page. */
const ON_NOTICE = { revalidate: [LIST, ['/notices/[id]', 'page']] } as const;
const MANAGE = { ...ON_NOTICE, permission: 'notices.manage' } as const;

/** The due date is checked against the clock when the input is parsed. */
export const issueNoticeAction = action({ schema: issueNoticeSchema(today), permission: 'notices.manage', revalidate: [LIST], run: issueNotice });
export const respondAction = action({ ...ON_NOTICE, schema: respondSchema, permission: 'notices.respond', run: respondToNotice });
export const acceptAction = action({ ...MANAGE, schema: acceptSchema, invalidMessage: '参数不正确', run: acceptResponse });
export const sendBackAction = action({ ...MANAGE, schema: sendBackSchema, run: sendBackResponse });
export const closeNoticeAction = action({ ...MANAGE, schema: closeSchema, invalidMessage: '参数不正确', run: closeNotice });
export const addNoteAction = action({ ...MANAGE, schema: noteSchema, run: addNoticeNote });
