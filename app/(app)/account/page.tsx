import type { Metadata } from 'next';
import Link from 'next/link';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { SectionCard } from '@/components/ui/card';
import { formAction } from '@/lib/actions/form-action';
import { getPasswordStatus } from '@/lib/auth/account-service';
import { describePreviousLogin, describeUserAgent, formatAddress, formatLoginTime } from '@/lib/auth/login-display';
import { PASSWORD_EXPIRY_WARNING_DAYS } from '@/lib/auth/password-policy';
import { ROLE_LABELS } from '@/lib/auth/roles';
import { getSecurityPolicy } from '@/lib/auth/security-policy';
import { listOpenSessions, previousLogin } from '@/lib/auth/user-sessions';
import { requestContext } from '@/lib/request-context';
import { logoutEverywhereAction } from '../actions';
import { IdentitySection } from './identity-section';
import { TwoFactorSection } from './two-factor-section';

export const metadata: Metadata = { title: '账户与安全' };

/** 账户与安全: every logged-in user's own account — last login, password, open sessions (and D's 2FA / OIDC sections). */
export default async function AccountPage() {
  const ctx = await requestContext();
  const { db, actor } = ctx;
  const policy = await getSecurityPolicy(db);
  const [previous, password, sessions] = await Promise.all([
    actor.sessionId ? previousLogin(db, actor.userId, actor.sessionId) : Promise.resolve(null),
    getPasswordStatus(db, actor.userId, ctx.now, policy),
    listOpenSessions(db, actor.userId, policy, ctx.now),
  ]);
  const expiringSoon = password?.daysLeft != null && password.daysLeft <= PASSWORD_EXPIRY_WARNING_DAYS;
  return (
    <div className="flex flex-col gap-4">
      <div>
        <h1 className="text-xl font-bold md:text-2xl">账户与安全</h1>
        <p className="text-sm text-muted-foreground">
          {actor.displayName}（{actor.username}）· {ROLE_LABELS[actor.role]}
          {actor.unitName ? ` · ${actor.unitName}` : ''}
        </p>
      </div>

      <SectionCard title="上次登录" titleId="last-login-title" aria-labelledby="last-login-title">
        <p className="text-sm" data-testid="account-last-login">
          {describePreviousLogin(previous)}
        </p>
        <p className="mt-1 text-xs text-muted-foreground">如发现不是您本人的登录，请立即修改密码并退出所有设备。</p>
      </SectionCard>

      <SectionCard title="登录密码" titleId="password-title" aria-labelledby="password-title">
        <div className="flex flex-col gap-2 text-sm">
          {password && (
            <p>
              上次修改：{formatLoginTime(password.changedAt)}
              {password.expiresAt
                ? `；有效期 ${password.expiryDays} 天，${formatLoginTime(password.expiresAt)} 到期`
                : '；密码长期有效'}
            </p>
          )}
          {expiringSoon && <Alert>密码将在 {Math.max(password!.daysLeft!, 0)} 天内到期，请及时修改。</Alert>}
          <p>
            <Link href="/change-password" className="text-primary underline underline-offset-2">
              修改密码
            </Link>
          </p>
        </div>
      </SectionCard>

      {/* 双因素认证、统一身份认证 sections */}
      <TwoFactorSection db={db} actor={actor} />
      <IdentitySection db={db} actor={actor} />

      <SectionCard
        title="登录会话"
        titleId="sessions-title"
        aria-labelledby="sessions-title"
        description={
          <p className="text-sm text-muted-foreground">
            当前仍有效的登录（空闲 {policy.sessionIdleMinutes} 分钟或登录满 {policy.sessionAbsoluteHours} 小时后自动失效）。
          </p>
        }
      >
        <ul className="flex flex-col divide-y text-sm" data-testid="account-sessions">
          {sessions.map((s) => (
            <li key={s.id} className="flex flex-col gap-0.5 py-2" data-testid="account-session">
              <span className="font-medium">
                {describeUserAgent(s.userAgent)}
                {s.id === actor.sessionId && <span className="ml-2 rounded bg-primary/10 px-1.5 py-0.5 text-xs text-primary">当前会话</span>}
                {s.method === 'oidc' && <span className="ml-2 text-xs text-muted-foreground">统一身份认证</span>}
              </span>
              <span className="text-muted-foreground">
                登录：{formatLoginTime(s.createdAt)}，地址 {formatAddress(s.ip)}
              </span>
              <span className="text-muted-foreground">最近活动：{formatLoginTime(s.lastSeenAt)}</span>
            </li>
          ))}
        </ul>
        {/* A plain form (works without JavaScript); the action ends every session, this one too, then the login page. */}
        <form action={formAction(logoutEverywhereAction)} className="mt-3">
          <Button type="submit" variant="outline">
            退出所有设备
          </Button>
        </form>
      </SectionCard>
    </div>
  );
}
