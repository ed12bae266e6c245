'use server';

import { action } from '@/lib/actions/action-client';
import { userActiveSchema, userCreateSchema, userResetPasswordSchema, userUpdateSchema } from '@/lib/admin/schemas';
import { createUserByAdmin, resetUserPasswordByAdmin, setUserActiveByAdmin, updateUserByAdmin } from '@/lib/admin/user-admin-service';

export const createUserAction = action({
  schema: userCreateSchema,
  permission: 'users.manage',
  revalidate: ['/admin/users'],
  run: (ctx, input) => createUserByAdmin(ctx, input),
});

export const updateUserAction = action({
  schema: userUpdateSchema,
  permission: 'users.manage',
  revalidate: ['/admin/users'],
  run: (ctx, input) => updateUserByAdmin(ctx, input),
});

export const resetUserPasswordAction = action({
  schema: userResetPasswordSchema,
  permission: 'users.manage',
  revalidate: ['/admin/users'],
  run: (ctx, input) => resetUserPasswordByAdmin(ctx, input),
});

export const setUserActiveAction = action({
  schema: userActiveSchema,
  permission: 'users.manage',
  revalidate: ['/admin/users'],
  run: (ctx, input) => setUserActiveByAdmin(ctx, input),
});
