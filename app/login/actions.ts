'use server';

import { AuthError } from 'next-auth';
import type { ActionResult } from '@/lib/actions/action-result';
import { invalidInput } from '@/lib/actions/action-result';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { LOGIN_MESSAGES } from '@/lib/auth/login-service';
import { signIn } from '@/lib/auth/next-auth';
import { loginSchema } from '@/lib/auth/schemas';

function messageFor(code: string | undefined): string {
  if (code?.startsWith('locked:')) return LOGIN_MESSAGES.locked(Number(code.slice(7)) || 15);
  if (code === 'disabled') return LOGIN_MESSAGES.disabled;
  return LOGIN_MESSAGES.invalid;
}

export async function loginAction(input: unknown, callbackUrl?: string): Promise<ActionResult> {
  const parsed = loginSchema.safeParse(input);
  if (!parsed.success) return invalidInput(parsed.error, '请输入用户名和密码');
  try {
    // On success this throws Next's redirect, which must propagate.
    await signIn('credentials', { ...parsed.data, redirectTo: safeCallbackUrl(callbackUrl) });
    return { ok: true };
  } catch (err) {
    if (err instanceof AuthError) {
      const code = 'code' in err ? String((err as { code?: unknown }).code) : undefined;
      return { ok: false, error: messageFor(code) };
    }
    throw err;
  }
}
