import type { Actor } from '@/lib/auth/actor';
import { PASSWORD_EXPIRY_WARNING_DAYS } from '@/lib/auth/password-policy';
import { describePreviousLogin } from '@/lib/auth/login-display';
import { LastLoginNoticeBox } from './last-login-notice-box';

/**
 * 上次登录时间和地址 (等保 2.0: shown to the user after login), on the first page after each login.
 * The login before this session is recorded when it starts; the box (client) shows it once per login until
 * the user dismisses it or moves on. The account page shows it permanently. Nothing is read here:
 * the session check brings the login, the one before it (recorded at login) and the password's days left.
 */
export function LastLoginNotice({ actor }: { actor: Actor }) {
  if (!actor.sessionId || !actor.sessionStartedAt || actor.previousLogin === undefined) return null;
  // A gentle reminder in the last days before 密码有效期 runs out (after it, the change is forced).
  const daysLeft = actor.passwordDaysLeft;
  const warning =
    daysLeft != null && daysLeft > 0 && daysLeft <= PASSWORD_EXPIRY_WARNING_DAYS ? `密码将在 ${daysLeft} 天内到期，请及时在“账户与安全”中修改。` : null;
  // Names this login in the browser's storage without exposing the session id to scripts.
  const loginKey = `${actor.userId}:${actor.sessionStartedAt.getTime()}`;
  return <LastLoginNoticeBox loginKey={loginKey} text={describePreviousLogin(actor.previousLogin)} warning={warning} />;
}
