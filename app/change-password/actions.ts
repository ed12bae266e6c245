'use server';

import { redirect } from 'next/navigation';
import { action } from '@/lib/actions/action-client';
import { changeOwnPassword } from '@/lib/auth/account-service';
import { signOut } from '@/lib/auth/next-auth';
import { changePasswordSchema } from '@/lib/auth/schemas';

/** 修改密码: also for users who must change it before anything else. */
export const changePasswordAction = action({
  schema: changePasswordSchema,
  allowPasswordChange: true,
  invalidMessage: '请检查填写的内容',
  run: async (ctx, input) => {
    const result = await changeOwnPassword(ctx, input);
    if (!result.ok) return result;
    // The change ended every session (session version bumped); clear this browser's cookie too.
    await signOut({ redirect: false });
    redirect('/login?changed=1');
  },
});
