'use server';

import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { publicAction } from '@/lib/actions/action-client';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { LOGIN_MESSAGES } from '@/lib/auth/login-service';
import { signIn } from '@/lib/auth/next-auth';
import { loginSchema, type LoginInput } from '@/lib/auth/schemas';
import { fail, ok, type Result } from '@/lib/result';

const INPUT_MESSAGE = '请输入用户名和密码';

function messageFor(code: string | undefined): string {
  if (code?.startsWith('locked:')) return LOGIN_MESSAGES.locked(Number(code.slice(7)) || 15);
  if (code?.startsWith('throttled:')) return LOGIN_MESSAGES.throttled(Number(code.slice(10)) || 15);
  if (code === 'disabled') return LOGIN_MESSAGES.disabled;
  return LOGIN_MESSAGES.invalid;
}

/** Signs in through the credentials provider (lib/auth/next-auth.ts); a refusal comes back as its message. */
async function signInWith(credentials: LoginInput, callbackUrl: string | undefined): Promise<Result> {
  try {
    // On success this throws Next's redirect, which must propagate.
    await signIn('credentials', { ...credentials, redirectTo: safeCallbackUrl(callbackUrl) });
    return ok();
  } catch (err) {
    if (err instanceof AuthError) {
      const code = 'code' in err ? String((err as { code?: unknown }).code) : undefined;
      return fail(messageFor(code));
    }
    throw err;
  }
}

/** The login form (once its JavaScript has loaded): the credentials and where to go afterwards. */
export const loginAction = publicAction({
  schema: loginSchema.extend({ callbackUrl: z.string().optional() }),
  invalidMessage: INPUT_MESSAGE,
  run: ({ callbackUrl, ...credentials }) => signInWith(credentials, callbackUrl),
});

/** The form as posted before hydration: every field is taken as sent and checked below, so that any refusal redirects. */
const postedLoginSchema = z.unknown().pipe(z.object({ username: z.unknown().optional(), password: z.unknown().optional(), callbackUrl: z.unknown().optional() }));

/**
 * The same login for a form posted before the page's JavaScript has loaded (progressive
 * enhancement): credentials travel in the POST body, never in the URL; a refusal comes back as a
 * short code in the query string.
 */
export const loginFormAction = publicAction({
  schema: postedLoginSchema,
  run: async (posted) => {
    const callbackUrl = typeof posted.callbackUrl === 'string' ? posted.callbackUrl : '';
    const credentials = loginSchema.safeParse({ username: posted.username ?? null, password: posted.password ?? null });
    const result = credentials.success ? await signInWith(credentials.data, callbackUrl) : fail(INPUT_MESSAGE);
    if (!result.ok) {
      const code = result.error === LOGIN_MESSAGES.invalid ? 'invalid' : result.error === LOGIN_MESSAGES.disabled ? 'disabled' : result.error.includes('过多') ? 'locked' : 'input';
      redirect(`/login?error=${code}${callbackUrl ? `&callbackUrl=${encodeURIComponent(callbackUrl)}` : ''}`);
    }
    return result;
  },
});
