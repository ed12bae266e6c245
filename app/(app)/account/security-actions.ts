'use server';

import { cookies, headers } from 'next/headers';
import { z } from 'zod';
import { action } from '@/lib/actions/action-client';
import { signIn } from '@/lib/auth/next-auth';
import { BIND_INTENT_COOKIE, BIND_INTENT_PATH, BIND_INTENT_TTL_MS, OIDC_MESSAGES, OIDC_PROVIDER_ID, oidcConfig, signBindIntent, unbindIdentity } from '@/lib/auth/oidc';
import { ADMIN_ROLES } from '@/lib/auth/roles';
import { totpCodeSchema } from '@/lib/auth/schemas';
import { confirmTotpEnrolment, disableTotp, startTotpEnrolment } from '@/lib/auth/totp-service';
import { fail, ok } from '@/lib/result';

const TOTP_PAGES = ['/account', '/two-factor'] as const;

/** 设置动态口令: a new key (shown with its QR code until confirmed). Also for administrators who must enrol before anything else. */
export const startTotpAction = action({
  schema: z.unknown(),
  allowTotpEnrolment: true,
  revalidate: TOTP_PAGES,
  run: (ctx) => startTotpEnrolment(ctx),
});

/** The first code from the app turns 动态口令 on (audited account.totp_enable). Codes follow the real clock, as the phone's. */
export const confirmTotpAction = action({
  schema: totpCodeSchema,
  allowTotpEnrolment: true,
  revalidate: TOTP_PAGES,
  invalidMessage: '请输入 6 位动态口令',
  run: (ctx, input) => confirmTotpEnrolment(ctx, input, Date.now()),
});

/** 关闭动态口令 with a current code; refused for the three administrators (audited account.totp_disable). */
export const disableTotpAction = action({
  schema: totpCodeSchema,
  revalidate: ['/account'],
  invalidMessage: '请输入 6 位动态口令',
  run: (ctx, input) => disableTotp(ctx, input, Date.now()),
});

/**
 * 绑定统一身份: a signed, 10-minute bind intent naming this user and this session, then the OIDC
 * sign-in; the callback binds the subject it returns (lib/auth/oidc.ts) and comes back here.
 */
export const bindIdentityAction = action({
  schema: z.unknown(),
  run: async (ctx) => {
    if (!oidcConfig()) return fail('未启用统一身份认证');
    if (ADMIN_ROLES.includes(ctx.actor.role)) return fail(OIDC_MESSAGES.oidc_admin);
    if (!ctx.actor.sessionId) return fail('登录已失效，请重新登录');
    const secure = (await headers()).get('x-forwarded-proto') === 'https' || process.env.AUTH_URL?.startsWith('https:') === true;
    (await cookies()).set(BIND_INTENT_COOKIE, signBindIntent({ userId: ctx.actor.userId, sessionId: ctx.actor.sessionId, expiresAt: Date.now() + BIND_INTENT_TTL_MS }), {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: BIND_INTENT_PATH,
      maxAge: BIND_INTENT_TTL_MS / 1000,
    });
    // Throws Next's redirect to the provider, which the pipeline lets through.
    await signIn(OIDC_PROVIDER_ID, { redirectTo: '/account?bound=1' });
    return ok();
  },
});

/** 解除绑定 (audited account.identity_unbind). */
export const unbindIdentityAction = action({
  schema: z.object({ id: z.coerce.number().int().positive() }),
  revalidate: ['/account'],
  run: (ctx, input) => unbindIdentity(ctx, input),
});
