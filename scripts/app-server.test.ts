import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { clientAddress } from '@/lib/auth/client-address';
import { createAppServer, parseHops, trustedForwardedFor } from './app-server.mjs';

describe('the X-Forwarded-For the app receives', () => {
  it('without a trusted proxy: only the socket address, whatever the client sent', () => {
    expect(trustedForwardedFor('203.0.113.1', '192.0.2.10', 0)).toBe('192.0.2.10');
    expect(trustedForwardedFor('203.0.113.1, 203.0.113.2', '192.0.2.10', 0)).toBe('192.0.2.10');
    expect(trustedForwardedFor(undefined, '192.0.2.10', 0)).toBe('192.0.2.10');
    expect(trustedForwardedFor(['203.0.113.1', '203.0.113.2'], '::ffff:192.0.2.10', 0)).toBe('192.0.2.10');
    expect(trustedForwardedFor(undefined, '2001:db8::1', 0)).toBe('2001:db8::1');
  });

  it('behind N trusted proxies: the last N entries (what they appended), then the socket address', () => {
    // The client forged 203.0.113.66; the proxy appended the address it saw, 198.51.100.4.
    const header = trustedForwardedFor('203.0.113.66, 198.51.100.4', '10.0.0.1', 1);
    expect(header).toBe('198.51.100.4, 10.0.0.1');
    expect(clientAddress(new Headers({ 'x-forwarded-for': header }), 1)).toBe('198.51.100.4');
    expect(trustedForwardedFor('203.0.113.66, 198.51.100.4, 10.0.0.2', '10.0.0.1', 2)).toBe('198.51.100.4, 10.0.0.2, 10.0.0.1');
  });

  it('TRUST_PROXY_HOPS is read as lib/env.ts reads it', () => {
    expect(parseHops(undefined)).toBe(0);
    expect(parseHops('')).toBe(0);
    expect(parseHops('2')).toBe(2);
    for (const bad of ['abc', '-1', '1.5']) expect(() => parseHops(bad)).toThrow(/TRUST_PROXY_HOPS 必须是 0 或正整数/);
  });
});

describe('the server in front of Next', () => {
  let server: http.Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** Starts the wrapper with a stub for Next that answers with the address the app would use. */
  async function start(hops: number): Promise<number> {
    server = createAppServer(
      (req: http.IncomingMessage, res: http.ServerResponse) => {
        const headers = new Headers();
        for (const name of ['x-forwarded-for', 'x-real-ip']) {
          const value = req.headers[name];
          if (typeof value === 'string') headers.set(name, value);
        }
        res.end(JSON.stringify({ address: clientAddress(headers, hops), realIp: req.headers['x-real-ip'] ?? null }));
      },
      { hops },
    );
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
    return (server!.address() as AddressInfo).port;
  }

  function get(port: number, headers: Record<string, string>): Promise<{ address: string; realIp: string | null }> {
    return new Promise((resolve, reject) => {
      http
        .get({ host: '127.0.0.1', port, path: '/login', headers, agent: false }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve(JSON.parse(body)));
        })
        .on('error', reject);
    });
  }

  it('three forged X-Forwarded-For values come out as one address: the socket’s', async () => {
    const port = await start(0);
    const seen = [];
    for (const n of [1, 2, 3]) seen.push(await get(port, { 'X-Forwarded-For': `203.0.113.${n}`, 'X-Real-IP': `203.0.113.${n}` }));
    expect(seen).toEqual([1, 2, 3].map(() => ({ address: '127.0.0.1', realIp: null })));
  });

  it('behind one trusted proxy, the address that proxy saw, not what the client put before it', async () => {
    const port = await start(1);
    const seen = [];
    for (const n of [1, 2, 3]) seen.push((await get(port, { 'X-Forwarded-For': `203.0.113.${n}, 198.51.100.4` })).address);
    expect(seen).toEqual(['198.51.100.4', '198.51.100.4', '198.51.100.4']);
  });
});
