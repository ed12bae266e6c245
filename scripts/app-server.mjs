/**
 * The HTTP server of `npm start`: Next.js through its programmatic API (`next()`,
 * `getRequestHandler()`), behind a plain Node server that does one thing `next start` does not —
 * it decides the client's address. `next start` only fills in X-Forwarded-For when a request has
 * none, so a client that sends its own would choose the address the login throttle counts and the
 * audit trail records. Here the header is rewritten before Next sees it: the socket's address
 * last, preceded only by the entries the trusted proxies in front appended (TRUST_PROXY_HOPS of
 * them, 0 by default). lib/auth/client-address.ts then reads the address from it.
 */
import http from 'node:http';

const HOPS_MESSAGE = 'TRUST_PROXY_HOPS 必须是 0 或正整数（前面反向代理的层数）';

/**
 * TRUST_PROXY_HOPS as lib/env.ts reads it (unset or empty: 0); anything else is refused.
 *
 * @param {string | undefined} value
 * @returns {number}
 */
export function parseHops(value) {
  if (value === undefined || value.trim() === '') return 0;
  const hops = Number(value);
  if (!Number.isInteger(hops) || hops < 0) throw new Error(HOPS_MESSAGE);
  return hops;
}

/**
 * The address as the audit trail shows it: an IPv4 client of a dual-stack socket without its ::ffff: prefix.
 *
 * @param {string} address
 */
function plainAddress(address) {
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address) ? address.slice(7) : address;
}

/**
 * X-Forwarded-For as the app receives it. Each trusted proxy appends the address it was connected
 * from, so only the last `hops` entries of the incoming header were written by them; anything
 * before is the client's claim and is dropped. The socket's own address comes last.
 *
 * @param {string | string[] | undefined} header the incoming X-Forwarded-For (Node joins repeats)
 * @param {string | undefined} remoteAddress the socket's peer
 * @param {number} hops how many proxies in front are trusted
 * @returns {string}
 */
export function trustedForwardedFor(header, remoteAddress, hops) {
  const entries = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const trusted = hops > 0 ? entries.slice(-hops) : [];
  return [...trusted, plainAddress(remoteAddress ?? 'unknown')].join(', ');
}

/**
 * A Node HTTP server that sets the trusted X-Forwarded-For on every request, then hands it to
 * `handler` (Next's request handler, or a stub in tests).
 *
 * @param {(req: http.IncomingMessage, res: http.ServerResponse) => unknown} handler
 * @param {{ hops?: number }} [options]
 */
export function createAppServer(handler, { hops = 0 } = {}) {
  return http.createServer((req, res) => {
    req.headers['x-forwarded-for'] = trustedForwardedFor(req.headers['x-forwarded-for'], req.socket.remoteAddress, hops);
    // Other headers a client could use to claim an address: nothing downstream may believe them.
    delete req.headers['x-real-ip'];
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((err) => {
        console.error(`[服务] 处理请求失败：${req.url}`, err);
        if (!res.headersSent) res.statusCode = 500;
        res.end();
      });
  });
}

/**
 * Serves the production build in `dir` on `port` (all interfaces, like `next start -p`). Resolves
 * once it is listening; SIGINT/SIGTERM stop taking requests, let Next finish, then exit.
 *
 * @param {{ dir: string; port: number; hops: number }} options
 */
export async function serveNext({ dir, port, hops }) {
  // Before Next (and React) are loaded: they pick their production code by it.
  process.env.NODE_ENV = 'production';
  const { default: next } = await import('next');
  const app = next({ dev: false, dir, port });
  await app.prepare();
  const server = createAppServer(app.getRequestHandler(), { hops });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      // As `next start` does: finish the requests under way, then let Next clean up.
      new Promise((resolve) => server.close(() => resolve(undefined)))
        .then(() => app.close())
        .catch((err) => console.error(err))
        .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
  return server;
}
