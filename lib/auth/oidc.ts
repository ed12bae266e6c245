/**
 * 统一身份认证 (optional OIDC login beside passwords). An external subject (issuer + sub) logs in
 * only as the account it was bound to; binding happens from a logged-in session (the account page
 * sets a short-lived signed bind intent, then starts the OIDC sign-in), never by matching names or
 * e-mails. The three administrators do not use it: they log in with password and 动态口令.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Account, User } from 'next-auth';
import type { OIDCConfig } from 'next-auth/providers';
import { units, userIdentities, users } from '@/db/schema';
import { writeAudit } from '@/lib/audit/audit-service';
import type { ServiceContext } from '@/lib/context';
import { transaction, type Db, type Reader } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { NotFoundError } from '@/lib/errors';
import { ok, type Result } from '@/lib/result';
import { isLocked } from './lockout';
import { readThrottle, sessionUserColumns, usernameKey } from './login-service';
import { ADMIN_ROLES } from './roles';
import { getSecurityPolicy } from './security-policy';
import { checkSession, startSession } from './user-sessions';

/** The provider id in Auth.js: the callback is /api/auth/callback/oidc. */
export const OIDC_PROVIDER_ID = 'oidc';
export const BIND_INTENT_COOKIE = 'hd-oidc-bind';
export const BIND_INTENT_TTL_MS = 10 * 60_000;
/** The intent cookie goes only to Auth.js's routes (the OIDC callback reads it). */
export const BIND_INTENT_PATH = '/api/auth';

export type OidcConfig = { issuer: string; clientId: string; clientSecret: string; displayName: string };

export function oidcConfig(): OidcConfig | null {
  const env = getEnv();
  if (!env.OIDC_ISSUER || !env.OIDC_CLIENT_ID || !env.OIDC_CLIENT_SECRET) return null;
  return { issuer: env.OIDC_ISSUER, clientId: env.OIDC_CLIENT_ID, clientSecret: env.OIDC_CLIENT_SECRET, displayName: env.OIDC_DISPLAY_NAME };
}

export const OIDC_MESSAGES = {
  oidc_unbound: '该统一身份账号尚未绑定本系统账户，请先用密码登录后在“账户与安全”中绑定',
  oidc_admin: '管理员账户须使用密码和动态口令登录',
  oidc_disabled: '该账户已停用，请联系管理员',
  oidc_taken: '该统一身份账号已绑定其他账户',
  oidc_totp: '该账户已开启动态口令，请使用密码和动态口令登录',
  oidc_locked: '该账户登录失败次数过多，已暂时锁定，请稍后再试',
  oidc_failed: '统一身份认证登录失败，请重试',
} as const;
export type OidcRefusal = keyof typeof OIDC_MESSAGES;

/**
 * The Auth.js provider: a standard OIDC code flow with PKCE, state and nonce; Auth.js discovers the
 * issuer and verifies the ID token against its keys. Only the subject is read from it.
 */
export function oidcProvider(config: OidcConfig): OIDCConfig<Record<string, unknown>> {
  return {
    id: OIDC_PROVIDER_ID,
    name: config.displayName,
    type: 'oidc',
    issuer: config.issuer,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    checks: ['pkce', 'state', 'nonce'],
    authorization: { params: { scope: 'openid' } },
    profile: (profile) => ({ id: String(profile.sub), name: typeof profile.name === 'string' ? profile.name : String(profile.sub) }),
  };
}

/**
 * The signIn callback's decision for an OIDC login: true (and `user` becomes the account the token
 * is built from, see the jwt callback) or the login page with the refusal's code.
 */
export async function oidcSignIn(
  user: User,
  account: Pick<Account, 'providerAccountId'>,
  input: { db: Db; config: OidcConfig; bindIntent: string | undefined; ip: string | null; userAgent: string | null; now: Date; secret?: string },
): Promise<true | string> {
  const intent = readBindIntent(input.bindIntent, Date.now(), input.secret);
  const outcome = await resolveOidcLogin(input.db, { issuer: input.config.issuer, subject: account.providerAccountId, intent, ip: input.ip, userAgent: input.userAgent, now: input.now });
  if (!outcome.ok) return `/login?error=${outcome.code}`;
  Object.assign(user, outcome.user);
  return true;
}

// ——— The bind intent: who asked to bind, from which session, until when (HMAC-signed with the auth secret). ———

export type BindIntent = { userId: number; sessionId: string; expiresAt: number };

const mac = (payload: string, secret: string) => createHmac('sha256', `${secret}:oidc-bind`).update(payload).digest('base64url');

export function signBindIntent(intent: BindIntent, secret: string = getEnv().authSecret): string {
  const payload = Buffer.from(JSON.stringify(intent)).toString('base64url');
  return `${payload}.${mac(payload, secret)}`;
}

/** The intent if the value is untouched and not expired, else null. */
export function readBindIntent(value: string | undefined, nowMs: number, secret: string = getEnv().authSecret): BindIntent | null {
  if (!value) return null;
  const [payload, signature] = value.split('.');
  if (!payload || !signature) return null;
  const expected = Buffer.from(mac(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const intent = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as BindIntent;
    if (!Number.isInteger(intent.userId) || typeof intent.sessionId !== 'string' || typeof intent.expiresAt !== 'number') return null;
    return intent.expiresAt > nowMs ? intent : null;
  } catch {
    return null;
  }
}

// ——— The sign-in ———

export type OidcUser = { id: string; sessionId: string; name: string; sessionVersion: number; role: string; unitId: number | null };

/**
 * An OIDC login that the provider vouched for (the ID token is verified by Auth.js): the bound
 * account logs in (a new session, method oidc); an unknown subject with a valid bind intent is bound
 * to the intent's account and goes on in its session; anything else is refused. Audited.
 */
export async function resolveOidcLogin(
  db: Db,
  input: { issuer: string; subject: string; intent: BindIntent | null; ip: string | null; userAgent: string | null; now: Date },
): Promise<{ ok: true; user: OidcUser; bound: boolean } | { ok: false; code: OidcRefusal }> {
  const meta = { ip: input.ip };
  const refuse = async (code: OidcRefusal, userId: number | null = null) => {
    await transaction(db, (tx) =>
      writeAudit(tx, null, { action: 'login.failure', entityType: 'user', entityId: userId, detail: { via: 'oidc', issuer: input.issuer, subject: input.subject, reason: code } }, meta, input.now),
    );
    return { ok: false, code } as const;
  };
  const [bound] = await db
    .select({ ...sessionUserColumns, identityId: userIdentities.id })
    .from(userIdentities)
    .innerJoin(users, eq(users.id, userIdentities.userId))
    .leftJoin(units, eq(units.id, users.unitId))
    .where(and(eq(userIdentities.issuer, input.issuer), eq(userIdentities.subject, input.subject)))
    .limit(1);

  if (bound) {
    if (input.intent && input.intent.userId !== bound.userId) return refuse('oidc_taken', input.intent.userId);
    if (!bound.active) return refuse('oidc_disabled', bound.userId);
    if (ADMIN_ROLES.includes(bound.role)) return refuse('oidc_admin', bound.userId);
    // The account's own protections hold here too: a lock, and a second factor its owner turned on.
    if (isLocked(await readThrottle(db, usernameKey(bound.username)), input.now)) return refuse('oidc_locked', bound.userId);
    const [factor] = await db.select({ enabledAt: users.totpEnabledAt }).from(users).where(eq(users.id, bound.userId)).limit(1);
    if (factor?.enabledAt) return refuse('oidc_totp', bound.userId);
    const sessionId = await startSession(db, { userId: bound.userId, method: 'oidc', ip: input.ip, userAgent: input.userAgent, now: input.now });
    await transaction(db, (tx) =>
      writeAudit(tx, bound, { action: 'login.success', entityType: 'user', entityId: bound.userId, detail: { username: bound.username, via: 'oidc' } }, meta, input.now),
    );
    return { ok: true, bound: false, user: toOidcUser(bound, sessionId) };
  }

  if (!input.intent) return refuse('oidc_unbound');
  // Binding: only from a live session of an active, non-administrator account.
  const [owner] = await db.select(sessionUserColumns).from(users).leftJoin(units, eq(units.id, users.unitId)).where(eq(users.id, input.intent.userId)).limit(1);
  if (!owner?.active) return refuse('oidc_unbound');
  const session = await checkSession(db, { sessionId: input.intent.sessionId, userId: owner.userId, policy: await getSecurityPolicy(db), now: input.now });
  if (!session) return refuse('oidc_unbound', owner.userId);
  if (ADMIN_ROLES.includes(owner.role)) return refuse('oidc_admin', owner.userId);
  const inserted = await transaction(db, async (tx) => {
    const rows = await tx
      .insert(userIdentities)
      .values({ userId: owner.userId, issuer: input.issuer, subject: input.subject, createdAt: input.now })
      .onConflictDoNothing()
      .returning({ id: userIdentities.id });
    if (rows.length === 0) return false;
    await writeAudit(
      tx,
      owner,
      { action: 'account.identity_bind', entityType: 'user', entityId: owner.userId, detail: { issuer: input.issuer, subject: input.subject } },
      meta,
      input.now,
    );
    return true;
  });
  if (!inserted) return refuse('oidc_taken', owner.userId);
  return { ok: true, bound: true, user: toOidcUser(owner, session.id) };
}

function toOidcUser(row: { userId: number; displayName: string; sessionVersion: number; role: string; unitId: number | null }, sessionId: string): OidcUser {
  return { id: String(row.userId), sessionId, name: row.displayName, sessionVersion: row.sessionVersion, role: row.role, unitId: row.unitId };
}

// ——— The account page ———

export type IdentityRow = { id: number; issuer: string; subject: string; createdAt: Date };

export async function listIdentities(db: Reader, userId: number): Promise<IdentityRow[]> {
  return db
    .select({ id: userIdentities.id, issuer: userIdentities.issuer, subject: userIdentities.subject, createdAt: userIdentities.createdAt })
    .from(userIdentities)
    .where(eq(userIdentities.userId, userId))
    .orderBy(userIdentities.createdAt);
}

/** 解除绑定: only the account's own binding. Audited. */
export async function unbindIdentity(ctx: ServiceContext, input: { id: number }): Promise<Result> {
  return transaction(ctx.db, async (tx) => {
    const [row] = await tx
      .delete(userIdentities)
      .where(and(eq(userIdentities.id, input.id), eq(userIdentities.userId, ctx.actor.userId)))
      .returning({ issuer: userIdentities.issuer, subject: userIdentities.subject });
    // Another account's binding is as invisible as a missing one.
    if (!row) throw new NotFoundError('找不到该绑定');
    await writeAudit(tx, ctx.actor, { action: 'account.identity_unbind', entityType: 'user', entityId: ctx.actor.userId, detail: row }, ctx.meta, ctx.now);
    return ok();
  });
}
