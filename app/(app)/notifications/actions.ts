'use server';

import { z } from 'zod';
import { action } from '@/lib/actions/action-client';
import { markNotificationsRead } from '@/lib/notifications/notification-service';

/** Marks one notification (or all, with null) of the current user as read. */
export const markReadAction = action({ schema: z.number().int().positive().nullable(), invalidMessage: '参数不正确', revalidate: [['/', 'layout']], run: markNotificationsRead });
