/**
 * What the crash tests share: real servers (`node scripts/start.mjs`, each in its own process group
 * so kill -9 reaches Next's child too), next-auth logins over HTTP, attachment uploads, and a look
 * at the attachment directory. Used by scripts/crash-test.mjs (SQLite) and
 * scripts/instances-crash-test.mjs (two instances on PostgreSQL).
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const DEMO_PASSWORD = 'Hedong@2023';

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const tail = (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-30).join('\n') : '');
export const sha256 = (bytes) => crypto.createHash('sha256').update(bytes).digest('hex');

/** A free port among `wanted` (e.g. 3500–3599, spread by pid so parallel runs rarely collide). */
export async function freePort(wanted) {
  for (const port of wanted) {
    const free = await new Promise((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`${wanted[0]}–${wanted.at(-1)} 之间没有空闲端口`);
}

export const portRange = (from, size = 100) => Array.from({ length: size }, (_, i) => from + ((process.pid + i) % size));

/** Starts and stops real servers whose logs go to `work`; `servers` holds the ones still to stop. */
export function serverHarness(work) {
  const servers = new Set();

  function startServer(label, env) {
    const log = path.join(work, `server-${label}.log`);
    const fd = fs.openSync(log, 'a');
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: root,
      detached: true,
      stdio: ['ignore', fd, fd],
      env: { ...process.env, SKIP_BUILD: '1', DEMO_MODE: '1', SCHEDULER: '0', NEXT_TELEMETRY_DISABLED: '1', ...env },
    });
    fs.closeSync(fd);
    const server = { child, pgid: child.pid, log, label, exited: false };
    child.on('exit', () => (server.exited = true));
    servers.add(server);
    return server;
  }

  function groupAlive(pgid) {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }

  async function killServer(server, signal) {
    if (groupAlive(server.pgid)) {
      try {
        process.kill(-server.pgid, signal);
      } catch {
        // already gone
      }
    }
    for (let i = 0; i < 100 && groupAlive(server.pgid); i++) await sleep(100);
    if (groupAlive(server.pgid)) {
      process.kill(-server.pgid, 'SIGKILL');
      for (let i = 0; i < 50 && groupAlive(server.pgid); i++) await sleep(100);
    }
    servers.delete(server);
  }

  async function waitReady(server, base) {
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (server.exited) throw new Error(`服务启动失败，日志：${server.log}\n${tail(server.log)}`);
      try {
        const res = await fetch(`${base}/login`, { redirect: 'manual' });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      await sleep(250);
    }
    throw new Error(`服务 120 秒内未就绪，日志：${server.log}`);
  }

  return { servers, startServer, killServer, waitReady };
}

function cookiesFrom(res, jar) {
  for (const c of res.headers.getSetCookie()) {
    const [pair] = c.split(';');
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}
const cookieHeader = (jar) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

/** Logs in through next-auth's own endpoints; returns the Cookie header of the session. */
export async function login(base, username, password = DEMO_PASSWORD) {
  const jar = new Map();
  const csrfRes = await fetch(`${base}/api/auth/csrf`);
  cookiesFrom(csrfRes, jar);
  const { csrfToken } = await csrfRes.json();
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar), origin: base },
    body: new URLSearchParams({ csrfToken, username, password, callbackUrl: `${base}/my` }),
  });
  cookiesFrom(res, jar);
  if (![...jar.keys()].some((k) => k.endsWith('authjs.session-token'))) throw new Error(`${username} 登录失败（HTTP ${res.status}）`);
  const session = await (await fetch(`${base}/api/auth/session`, { headers: { cookie: cookieHeader(jar) } })).json();
  if (!session?.user) throw new Error(`${username} 登录后没有会话`);
  return cookieHeader(jar);
}

/**
 * Distinct bytes for every upload (so every success names one file): 2–160 KB, every tenth 1–3 MB
 * (a longer window between a file landing in the store and its row being committed).
 */
export function makePdf(i) {
  const size = i % 10 === 7 ? 1024 * 1024 + crypto.randomInt(2 * 1024 * 1024) : 2048 + crypto.randomInt(160 * 1024);
  const head = Buffer.from(`%PDF-1.4\n% crash-test upload ${i} ${crypto.randomUUID()}\n`);
  return Buffer.concat([head, crypto.randomBytes(size), Buffer.from('\n%%EOF\n')]);
}

/** POST /api/attachments of a monthly report's attachment: { status, body }. */
export async function upload(base, cookie, target, i, bytes) {
  const form = new FormData();
  form.set('ownerType', 'report');
  form.set('taskId', String(target.taskId));
  form.set('periodId', String(target.periodId));
  form.set('file', new Blob([bytes], { type: 'application/pdf' }), `崩溃测试-${i}.pdf`);
  const res = await fetch(`${base}/api/attachments`, { method: 'POST', body: form, headers: { cookie, origin: base } });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = { ok: false, error: text.slice(0, 200) };
  }
  return { status: res.status, body };
}

/** Stored hashes and leftover temporary files of the attachment directory DATA_DIR/files. */
export function storeFiles(dir) {
  const rootDir = path.join(dir, 'files');
  const hashes = [];
  const temps = [];
  if (!fs.existsSync(rootDir)) return { hashes, temps };
  for (const a of fs.readdirSync(rootDir, { withFileTypes: true })) {
    if (!a.isDirectory() || !/^[0-9a-f]{2}$/.test(a.name)) continue;
    for (const b of fs.readdirSync(path.join(rootDir, a.name), { withFileTypes: true })) {
      if (!b.isDirectory()) continue;
      for (const f of fs.readdirSync(path.join(rootDir, a.name, b.name))) {
        if (/^[0-9a-f]{64}$/.test(f)) hashes.push(f);
        else temps.push(f);
      }
    }
  }
  return { hashes, temps };
}

export const filePath = (dir, h) => path.join(dir, 'files', h.slice(0, 2), h.slice(2, 4), h);

/**
 * Upload slots spread over every report the reporters' units lead, at most 19 attachments per
 * report (the limit is 20): `people` is [{ username, unitId, targets: [{ taskId, periodId }] }].
 */
export function spreadUploads(people, count) {
  const slots = [];
  const perOwner = new Map();
  const cursor = new Map(people.map((p) => [p.username, 0]));
  for (let guard = 0; slots.length < count && guard < count * 4; guard++) {
    for (const p of people) {
      if (slots.length >= count) break;
      for (let tries = 0; tries < p.targets.length; tries++) {
        const c = cursor.get(p.username);
        cursor.set(p.username, c + 1);
        const t = p.targets[c % p.targets.length];
        const key = `${p.unitId}:${t.taskId}`;
        if ((perOwner.get(key) ?? 0) >= 19) continue;
        perOwner.set(key, (perOwner.get(key) ?? 0) + 1);
        slots.push({ username: p.username, target: t });
        break;
      }
    }
  }
  return slots;
}

/**
 * Checks every acknowledged upload after a crash: its row (same hash and size) and its file (the
 * same bytes) are there, and the server at `base` hands it back byte for byte. `rowsById` maps an
 * attachment id to its row ({ sha256, size }). Returns the acknowledgements missing from the store
 * and those the server failed to return, each named for the report.
 */
export async function verifyAcknowledged(ackedList, { dataDir, rowsById, base, cookies, label = (o) => `#${o.i}` }) {
  const missing = [];
  for (const o of ackedList) {
    const row = rowsById.get(o.id);
    const file = filePath(dataDir, o.sha256);
    const stored = row && row.sha256 === o.sha256 && Number(row.size) === o.size && fs.existsSync(file) && sha256(fs.readFileSync(file)) === o.sha256;
    if (!stored) missing.push(label(o));
  }
  const badDownloads = [];
  await Promise.all(
    ackedList.map(async (o) => {
      const res = await fetch(`${base}/api/attachments/${o.id}`, { headers: { cookie: cookies.get(o.username) } });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200 || sha256(body) !== o.sha256) badDownloads.push(`${label(o)}→${res.status}`);
    }),
  );
  return { missing, badDownloads };
}
