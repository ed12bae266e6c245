import type { Actor } from '@/lib/auth/actor';
import { getPasswordStatus } from '@/lib/auth/account-service';
import { PASSWORD_EXPIRY_WARNING_DAYS } from '@/lib/auth/password-policy';
import { describePreviousLogin } from '@/lib/auth/login-display';
import { loginAndPrevious } from '@/lib/auth/user-sessions';
import { now } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { LastLoginNoticeBox } from './last-login-notice-box';

/**
 * 上次登录时间和地址 (等保 2.0: shown to the user after login), on the first page after each login.
 * The server finds the login before this session; the box (client) shows it once per login until
 * the user dismisses it or moves on. The account page shows it permanently.
 */
export async function LastLoginNotice({ actor }: { actor: Actor }) {
  if (!actor.sessionId) return null;
  const db = getDb();
  const [login, password] = await Promise.all([loginAndPrevious(db, actor.userId, actor.sessionId), getPasswordStatus(db, actor.userId, now())]);
  if (!login) return null;
  // A gentle reminder in the last days before 密码有效期 runs out (after it, the change is forced).
  const daysLeft = password?.daysLeft;
  const warning =
    daysLeft != null && daysLeft > 0 && daysLeft <= PASSWORD_EXPIRY_WARNING_DAYS ? `密码将在 ${daysLeft} 天内到期，请及时在“账户与安全”中修改。` : null;
  // Names this login in the browser's storage without exposing the session id to scripts.
  const loginKey = `${actor.userId}:${login.loginAt.getTime()}`;
  return <LastLoginNoticeBox loginKey={loginKey} text={describePreviousLogin(login.previous)} warning={warning} />;
}
