'use server';

import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import type { ActionResult } from '@/lib/actions/action-result';
import { invalidInput } from '@/lib/actions/action-result';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { LOGIN_MESSAGES } from '@/lib/auth/login-service';
import { signIn } from '@/lib/auth/next-auth';
import { loginSchema } from '@/lib/auth/schemas';

function messageFor(code: string | undefined): string {
  if (code?.startsWith('locked:')) return LOGIN_MESSAGES.locked(Number(code.slice(7)) || 15);
  if (code?.startsWith('throttled:')) return LOGIN_MESSAGES.throttled(Number(code.slice(10)) || 15);
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

/**
 * The same login for a form posted before the page's JavaScript has loaded (progressive
 * enhancement): credentials travel in the POST body, never in the URL; a refusal comes back as a
 * short code in the query string.
 */
export async function loginFormAction(formData: FormData): Promise<void> {
  const callbackUrl = String(formData.get('callbackUrl') ?? '');
  const result = await loginAction({ username: formData.get('username'), password: formData.get('password') }, callbackUrl);
  if (!result.ok) {
    const code = result.error === LOGIN_MESSAGES.invalid ? 'invalid' : result.error === LOGIN_MESSAGES.disabled ? 'disabled' : result.error.includes('过多') ? 'locked' : 'input';
    redirect(`/login?error=${code}${callbackUrl ? `&callbackUrl=${encodeURIComponent(callbackUrl)}` : ''}`);
  }
}
