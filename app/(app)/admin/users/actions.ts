'use server';

import { action } from '@/lib/actions/action-client';
import { userActiveSchema, userCreateSchema, userResetPasswordSchema, userUpdateSchema } from '@/lib/admin/schemas';
import { createUserByAdmin, resetUserPasswordByAdmin, setUserActiveByAdmin, updateUserByAdmin } from '@/lib/admin/user-admin-service';

/** Every change to an account shows in the account list. */
const MANAGE_USERS = { permission: 'users.manage', revalidate: ['/admin/users'] } as const;

export const createUserAction = action({ ...MANAGE_USERS, schema: userCreateSchema, run: createUserByAdmin });
export const updateUserAction = action({ ...MANAGE_USERS, schema: userUpdateSchema, run: updateUserByAdmin });
export const resetUserPasswordAction = action({ ...MANAGE_USERS, schema: userResetPasswordSchema, run: resetUserPasswordByAdmin });
export const setUserActiveAction = action({ ...MANAGE_USERS, schema: userActiveSchema, run: setUserActiveByAdmin });
