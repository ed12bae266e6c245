import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { now } from '@/lib/clock';
import { getDb } from '@/lib/db';
import { getEnv } from '@/lib/env';
import { logIn } from './login-service';
import { loginSchema } from './schemas';
import { clientAddress } from './client-address';

/** Carries why a login failed to the login action; the code is one of invalid / disabled / locked:N. */
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
  }
  interface Session {
    sessionVersion: number;
  }
}

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

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
      credentials: { username: {}, password: {} },
      async authorize(credentials, request) {
        const parsed = loginSchema.safeParse(credentials);
        if (!parsed.success) throw new LoginRefused('invalid');
        const ip = clientAddress(request.headers);
        // The check and its audit line (lib/auth/login-service.ts).
        const result = await logIn(getDb(), parsed.data, now(), ip);
        if (!result.ok) {
          throw new LoginRefused(result.reason === 'locked' || result.reason === 'throttled' ? `${result.reason}:${result.minutes}` : result.reason);
        }
        return {
          id: String(result.user.userId),
          name: result.user.displayName,
          sessionVersion: result.user.sessionVersion,
          role: result.user.role,
          unitId: result.user.unitId,
        };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = Number(user.id);
        token.sv = user.sessionVersion;
        token.role = user.role;
        token.unitId = user.unitId ?? null;
      }
      return token;
    },
    session({ session, token }) {
      session.user.id = String(token.uid);
      session.sessionVersion = Number(token.sv);
      return session;
    },
  },
}));
