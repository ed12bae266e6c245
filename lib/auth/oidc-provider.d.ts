/**
 * The little of `oidc-provider` (9, ships no types) that the tests use to run a real OpenID Connect
 * provider in process (lib/auth/oidc.test.ts). scripts/test-oidc-provider.mjs is plain JavaScript.
 */
declare module 'oidc-provider' {
  import type { Server } from 'node:http';

  type Grant = { addOIDCScope(scope: string): void; save(): Promise<string> };
  type Context = { oidc: { provider: Provider; client?: { clientId: string }; session?: { accountId?: string } } };
  type Account = { accountId: string; claims: () => Record<string, unknown> };

  export type Configuration = {
    clients?: Record<string, unknown>[];
    cookies?: { keys?: string[] };
    ttl?: Record<string, number>;
    findAccount?: (ctx: Context, sub: string) => Account | Promise<Account | undefined> | undefined;
    loadExistingGrant?: (ctx: Context) => Promise<Grant | undefined>;
    features?: Record<string, unknown>;
  };

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    listen(port: number, host?: string, callback?: () => void): Server;
    Grant: new (init: { clientId: string; accountId: string }) => Grant;
  }
}
