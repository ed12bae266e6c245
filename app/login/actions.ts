'use server';

import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { publicAction } from '@/lib/actions/action-client';
import { safeCallbackUrl } from '@/lib/auth/callback-url';
import { LOGIN_MESSAGES } from '@/lib/auth/login-service';
import { signIn } from '@/lib/auth/next-auth';
import { OIDC_PROVIDER_ID, oidcConfig } from '@/lib/auth/oidc';
import { loginSchema, type LoginInput } from '@/lib/auth/schemas';
import { TOTP_MESSAGES } from '@/lib/auth/totp-service';
import { fail, ok, type Result } from '@/lib/result';

const INPUT_MESSAGE = '请输入用户名和密码';
/** The password was right and the account has 动态口令: the form shows the code field and asks again. */
const TOTP_PROMPT = '请输入验证器中的 6 位动态口令';

function failureFor(code: string | undefined): Result {
  if (code?.startsWith('locked:')) return fail(LOGIN_MESSAGES.locked(Number(code.slice(7)) || 15));
  if (code?.startsWith('throttled:')) return fail(LOGIN_MESSAGES.throttled(Number(code.slice(10)) || 15));
  if (code === 'disabled') return fail(LOGIN_MESSAGES.disabled);
  // The `totp` field error tells the form to show (and keep) the code field.
  if (code === 'totp') return fail(TOTP_PROMPT, { totp: [TOTP_PROMPT] });
  if (code === 'totp_invalid') return fail(TOTP_MESSAGES.wrong, { totp: [TOTP_MESSAGES.wrong] });
  return fail(LOGIN_MESSAGES.invalid);
}

/** Signs in through the credentials provider (lib/auth/next-auth.ts); a refusal comes back as its message. */
async function signInWith(credentials: LoginInput, callbackUrl: string | undefined): Promise<Result> {
  try {
    // On success this throws Next's redirect, which must propagate.
    await signIn('credentials', { ...credentials, totp: credentials.totp ?? '', redirectTo: safeCallbackUrl(callbackUrl) });
    return ok();
  } catch (err) {
    if (err instanceof AuthError) {
      const code = 'code' in err ? String((err as { code?: unknown }).code) : undefined;
      return failureFor(code);
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
const postedLoginSchema = z.unknown().pipe(
  z.object({ username: z.unknown().optional(), password: z.unknown().optional(), totp: z.unknown().optional(), callbackUrl: z.unknown().optional() }),
);

/**
 * The same login for a form posted before the page's JavaScript has loaded (progressive
 * enhancement): credentials travel in the POST body, never in the URL; a refusal comes back as a
 * short code in the query string (and, when the code field is needed, the username to keep).
 */
export const loginFormAction = publicAction({
  schema: postedLoginSchema,
  run: async (posted) => {
    const callbackUrl = typeof posted.callbackUrl === 'string' ? posted.callbackUrl : '';
    const credentials = loginSchema.safeParse({
      username: posted.username ?? null,
      password: posted.password ?? null,
      totp: typeof posted.totp === 'string' ? posted.totp : undefined,
    });
    const result = credentials.success ? await signInWith(credentials.data, callbackUrl) : fail(INPUT_MESSAGE);
    if (!result.ok) {
      const totp = result.fieldErrors?.totp ? (result.error === TOTP_PROMPT ? 'totp' : 'totp_invalid') : null;
      const code =
        totp ?? (result.error === LOGIN_MESSAGES.invalid ? 'invalid' : result.error === LOGIN_MESSAGES.disabled ? 'disabled' : result.error.includes('过多') ? 'locked' : 'input');
      const keep = totp && credentials.success ? `&username=${encodeURIComponent(credentials.data.username)}` : '';
      redirect(`/login?error=${code}${keep}${callbackUrl ? `&callbackUrl=${encodeURIComponent(callbackUrl)}` : ''}`);
    }
    return result;
  },
});

/** 使用统一身份认证登录: off to the OIDC provider (Auth.js sets state, PKCE and nonce); back through /api/auth/callback/oidc. */
export const oidcLoginAction = publicAction({
  schema: z.unknown().pipe(z.object({ callbackUrl: z.unknown().optional() })),
  run: async (posted) => {
    if (!oidcConfig()) return fail('未启用统一身份认证');
    // Throws Next's redirect to the provider.
    await signIn(OIDC_PROVIDER_ID, { redirectTo: safeCallbackUrl(posted.callbackUrl) });
    return ok();
  },
});
