import NextAuth, { CredentialsSignin } from 'next-auth';
import type { Provider } from 'next-auth/providers';
import Credentials from 'next-auth/providers/credentials';
import { cookies, headers } from 'next/headers';
import { now } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { loginSchema } from './schemas';
import { clientAddress } from './client-address';
import { BIND_INTENT_COOKIE, BIND_INTENT_PATH, OIDC_PROVIDER_ID, oidcConfig, oidcProvider, oidcSignIn } from './oidc';
import { logInWithSecondFactor } from './totp-login';
import { startSession } from './user-sessions';

/** 统一身份认证, when configured (lib/env.ts OIDC_*); who the subject is here is decided in lib/auth/oidc.ts. */
function oidcProviders(): Provider[] {
  const config = oidcConfig();
  return config ? [oidcProvider(config)] : [];
}

/** Carries why a login failed to the login action; the code is one of invalid / disabled / locked:N / totp / totp_invalid. */
export class LoginRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

declare module 'next-auth' {
  interface User {
    sessionVersion?: number;
    role?: string;
    unitId?: number | null;
    /** The server-side session (lib/auth/user-sessions.ts) this login opened. */
    sessionId?: string;
  }
  interface Session {
    sessionVersion: number;
    sessionId: string;
  }
}

/**
 * The cookie's own life: the longest absolute limit the policy allows. The limits that count (idle,
 * absolute, logout) are checked server-side on every request against the session row, so re-signing
 * the token (next-auth does on every session read) never extends a session.
 */
export const SESSION_MAX_AGE_SECONDS = 72 * 60 * 60;

// Lazy config: the secret and the database are only touched when a request needs them (not at build).
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: getEnv().authSecret,
  trustHost: true,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/login' },
  logger: {
    // A refused login is an expected outcome, counted by the lockout; don't log it as a server error.
    error(error: Error) {
      if (error.name === 'CredentialsSignin' || error instanceof CredentialsSignin) return;
      console.error('[auth]', error);
    },
  },
  providers: [
    Credentials({
      credentials: { username: {}, password: {}, totp: {} },
      async authorize(credentials, request) {
        const parsed = loginSchema.safeParse(credentials);
        if (!parsed.success) throw new LoginRefused('invalid');
        const ip = clientAddress(request.headers);
        // The password, the 动态口令 when the account has one, and their audit lines (lib/auth/totp-login.ts).
        const result = await logInWithSecondFactor(getDb(), parsed.data, now(), ip);
        if (!result.ok) {
          throw new LoginRefused(result.reason === 'locked' || result.reason === 'throttled' ? `${result.reason}:${result.minutes}` : result.reason);
        }
        const sessionId = await startSession(getDb(), {
          userId: result.user.userId,
          method: 'password',
          ip,
          userAgent: request.headers.get('user-agent'),
          now: now(),
        });
        return {
          id: String(result.user.userId),
          sessionId,
          name: result.user.displayName,
          sessionVersion: result.user.sessionVersion,
          role: result.user.role,
          unitId: result.user.unitId,
        };
      },
    }),
    ...oidcProviders(),
  ],
  callbacks: {
    async signIn({ user, account }) {
      if (account?.provider !== OIDC_PROVIDER_ID) return true;
      const config = oidcConfig();
      if (!config) return false;
      const jar = await cookies();
      const requestHeaders = await headers();
      const bindIntent = jar.get(BIND_INTENT_COOKIE)?.value;
      // A bind intent is good for one round trip.
      if (bindIntent !== undefined) jar.delete({ name: BIND_INTENT_COOKIE, path: BIND_INTENT_PATH });
      // The token is built from `user` next (jwt below): the account, not the external profile.
      return oidcSignIn(user, account, {
        db: getDb(),
        config,
        bindIntent,
        ip: clientAddress(requestHeaders),
        userAgent: requestHeaders.get('user-agent'),
        now: now(),
      });
    },
    jwt({ token, user }) {
      if (user) {
        token.uid = Number(user.id);
        token.sv = user.sessionVersion;
        token.role = user.role;
        token.unitId = user.unitId ?? null;
        token.sid = user.sessionId;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = String(token.uid);
      session.sessionVersion = Number(token.sv);
      session.sessionId = typeof token.sid === 'string' ? token.sid : '';
      return session;
    },
  },
}));
