#!/usr/bin/env node
/**
 * A real OpenID Connect provider for the end-to-end tests of 统一身份认证 (never a mock): the
 * `oidc-provider` package (a certified OP implementation) with its development login page, where
 * any login name is accepted and becomes the subject (`sub`). One client, this app, whose callback
 * is http://localhost:<app port>/api/auth/callback/oidc. Plain http on 127.0.0.1 only: a test
 * fixture, not something to deploy.
 *
 *   OIDC_PROVIDER_PORT (default 3114), E2E_PORT (the app's, default 3100),
 *   OIDC_CLIENT_ID / OIDC_CLIENT_SECRET (defaults below, the same playwright.config.ts passes the app).
 */
import { Provider } from 'oidc-provider';

const port = Number(process.env.OIDC_PROVIDER_PORT ?? 3114);
const appPort = Number(process.env.E2E_PORT ?? 3100);
const issuer = `http://127.0.0.1:${port}`;
const clientId = process.env.OIDC_CLIENT_ID ?? 'hedong-duban-e2e';
const clientSecret = process.env.OIDC_CLIENT_SECRET ?? 'e2e-oidc-client-secret-not-for-production';

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [`http://localhost:${appPort}/api/auth/callback/oidc`],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  cookies: { keys: ['e2e-oidc-cookie-key-0123456789'] },
  // The dev login page takes any name: it is the subject, and the name claim too.
  findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, name: sub }) }),
  claims: { openid: ['sub'], profile: ['name'] },
  // The app is a first-party client: no consent screen after the login.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile');
    await grant.save();
    return grant;
  },
  features: { devInteractions: { enabled: true } },
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`[test-oidc-provider] ${issuer} (client ${clientId})`);
});
