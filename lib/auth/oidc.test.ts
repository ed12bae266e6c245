/**
 * 统一身份认证 end to end in one process, against a real OpenID Connect provider (the
 * `oidc-provider` package, its development login page), never a mock: Auth.js runs the code flow
 * (discovery, PKCE, state, nonce, the token exchange, ID-token verification) and our signIn
 * decision (oidcSignIn) picks the account from the subject; the session token it sets names that
 * account and a server-side session.
 */
import { createServer, type AddressInfo } from 'node:net';
import { Auth, skipCSRFCheck, type AuthConfig } from '@auth/core';
import { decode } from '@auth/core/jwt';
import { eq } from 'drizzle-orm';
import { Provider } from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userIdentities, userSessions } from '@/db/schema';
import { parseEnv } from '@/lib/env';
import { DEMO_NOW, useSeededDb } from '@/lib/testing/seeded-fixture';
import { oidcProvider, oidcSignIn, signBindIntent, type OidcConfig } from './oidc';
import { startSession } from './user-sessions';

const SECRET = 'oidc-test-auth-secret-0123456789abcdefghijklmnop';
const APP = 'http://localhost:3999';
const CLIENT = { id: 'hedong-vitest', secret: 'vitest-client-secret' };
const SESSION_COOKIE = 'authjs.session-token';

const env = useSeededDb();
let provider: Provider;
let server: ReturnType<Provider['listen']>;
let config: OidcConfig;

beforeAll(async () => {
  // A free port first: the issuer URL must name it.
  const probe = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => probe.once('listening', r));
  const port = (probe.address() as AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const issuer = `http://127.0.0.1:${port}`;
  provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT.id, client_secret: CLIENT.secret, redirect_uris: [`${APP}/api/auth/callback/oidc`], grant_types: ['authorization_code'], response_types: ['code'] }],
    cookies: { keys: ['vitest-oidc-cookie-key'] },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600 },
    findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId! });
      grant.addOIDCScope('openid');
      await grant.save();
      return grant;
    },
  });
  server = provider.listen(port, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  config = { issuer, clientId: CLIENT.id, clientSecret: CLIENT.secret, displayName: '统一身份认证' };
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
});

/** The app's Auth.js configuration for OIDC, with our signIn decision; a bind intent cookie as the callback would read it. */
function authConfig(bindIntent?: string): AuthConfig {
  return {
    secret: SECRET,
    trustHost: true,
    basePath: '/api/auth',
    skipCSRFCheck,
    session: { strategy: 'jwt' },
    pages: { signIn: '/login' },
    logger: { error: () => {} },
    providers: [oidcProvider(config)],
    callbacks: {
      signIn: ({ user, account }) => oidcSignIn(user, account!, { db: env.db, config, bindIntent, ip: '10.1.2.3', userAgent: 'vitest', now: DEMO_NOW, secret: SECRET }),
      jwt({ token, user }) {
        if (user) {
          token.uid = Number(user.id);
          token.sid = (user as { sessionId?: string }).sessionId;
        }
        return token;
      },
    },
  };
}

/** A tiny cookie jar per origin. */
class Jar {
  private cookies = new Map<string, string>();
  take(res: Response) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(name: string) {
    return this.cookies.get(name);
  }
}

/** The whole round trip: the app's sign-in, the provider's login page as `subject`, the app's callback. */
async function loginThroughProvider(subject: string, bindIntent?: string) {
  const app = new Jar();
  const idp = new Jar();
  const start = await Auth(new Request(`${APP}/api/auth/signin/oidc`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'callbackUrl=%2F' }), authConfig(bindIntent));
  app.take(start);
  let url = start.headers.get('location')!;
  expect(url.startsWith(config.issuer)).toBe(true);

  // At the provider: follow to its login page, post the form, follow back to the app.
  let res = await fetch(url, { redirect: 'manual' });
  idp.take(res);
  url = new URL(res.headers.get('location')!, config.issuer).href;
  res = await fetch(url, { headers: { cookie: idp.header() } });
  const html = await res.text();
  const action = /<form[^>]*action="([^"]+)"/.exec(html)![1]!;
  res = await fetch(new URL(action, config.issuer), {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: idp.header(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ prompt: 'login', login: subject, password: 'x' }),
  });
  idp.take(res);
  for (let hops = 0; hops < 5; hops++) {
    url = new URL(res.headers.get('location')!, config.issuer).href;
    if (url.startsWith(APP)) break;
    res = await fetch(url, { redirect: 'manual', headers: { cookie: idp.header() } });
    idp.take(res);
  }
  expect(url).toContain('/api/auth/callback/oidc?code=');

  const callback = await Auth(new Request(url, { headers: { cookie: app.header() } }), authConfig(bindIntent));
  app.take(callback);
  const token = app.get(SESSION_COOKIE);
  const session = token ? await decode({ token, secret: SECRET, salt: SESSION_COOKIE }) : null;
  return { location: callback.headers.get('location'), session };
}

describe('统一身份认证 through a real OIDC provider (in process)', () => {
  it('refuses an unbound subject: back to the login page with the reason, no session', async () => {
    const { location, session } = await loginThroughProvider('nobody-bound');
    expect(location).toBe(`${APP}/login?error=oidc_unbound`);
    expect(session).toBeNull();
  });

  it('binds a subject from a live session, then logs that subject in as the account', async () => {
    const userId = env.idOf('lingdao');
    const sessionId = await startSession(env.db, { userId, method: 'password', ip: null, userAgent: null, now: DEMO_NOW });
    const intent = signBindIntent({ userId, sessionId, expiresAt: Date.now() + 60_000 }, SECRET);

    const bound = await loginThroughProvider('li.quzhang', intent);
    expect(bound.location).toBe(`${APP}/`);
    expect(bound.session).toMatchObject({ uid: userId, sid: sessionId });
    const [identity] = await env.db.select().from(userIdentities).where(eq(userIdentities.userId, userId));
    expect(identity).toMatchObject({ issuer: config.issuer, subject: 'li.quzhang' });

    const login = await loginThroughProvider('li.quzhang');
    expect(login.session).toMatchObject({ uid: userId });
    expect(login.session!.sid).not.toBe(sessionId);
    const [row] = await env.db.select().from(userSessions).where(eq(userSessions.id, String(login.session!.sid)));
    expect(row).toMatchObject({ userId, method: 'oidc', ip: '10.1.2.3' });
  });

  it('a forged bind intent binds nothing', async () => {
    const userId = env.idOf('duchashi');
    const sessionId = await startSession(env.db, { userId, method: 'password', ip: null, userAgent: null, now: DEMO_NOW });
    const forged = signBindIntent({ userId, sessionId, expiresAt: Date.now() + 60_000 }, `${SECRET}-other`);
    const { location, session } = await loginThroughProvider('mallory', forged);
    expect(location).toBe(`${APP}/login?error=oidc_unbound`);
    expect(session).toBeNull();
  });
});

describe('OIDC settings (lib/env.ts)', () => {
  const base = { NODE_ENV: 'test' } as NodeJS.ProcessEnv;
  it('takes all three of issuer, client id and secret, or none', () => {
    expect(parseEnv(base).OIDC_ISSUER).toBeUndefined();
    const full = parseEnv({ ...base, OIDC_ISSUER: 'https://sso.example.gov.cn', OIDC_CLIENT_ID: 'duban', OIDC_CLIENT_SECRET: 's3cret' });
    expect(full).toMatchObject({ OIDC_ISSUER: 'https://sso.example.gov.cn', OIDC_DISPLAY_NAME: '统一身份认证' });
    expect(() => parseEnv({ ...base, OIDC_ISSUER: 'https://sso.example.gov.cn' })).toThrow(/OIDC_ISSUER、OIDC_CLIENT_ID、OIDC_CLIENT_SECRET 须同时设置/);
    expect(() => parseEnv({ ...base, OIDC_ISSUER: 'not a url', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' })).toThrow(/OIDC_ISSUER 必须是网址/);
  });
});
