/**
 * One Lighthouse run of a logged-in page: the session cookie goes in --extra-headers; Chromium is
 * Debian's, headless, sandbox off (root in a container). Returns the category scores and the
 * main metrics.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const FLAGS = '--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run';

export async function lighthouse({ tree, url, cookie, outFile, preset = null, chromePath = '/usr/bin/chromium', timeoutMs = 180_000 }) {
  const cli = path.join(tree, 'node_modules/lighthouse/cli/index.js');
  const args = [
    cli,
    url,
    '--output=json',
    `--output-path=${outFile}`,
    `--chrome-flags=${FLAGS}`,
    `--extra-headers=${JSON.stringify({ Cookie: cookie })}`,
    '--only-categories=performance,accessibility,best-practices',
    '--quiet',
    ...(preset ? [`--preset=${preset}`] : []),
  ];
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, CHROME_PATH: chromePath }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (c) => {
      clearTimeout(timer);
      if (c !== 0) console.error(err.slice(-2000));
      resolve(c);
    });
  });
  if (code !== 0 || !fs.existsSync(outFile)) return { error: `lighthouse exited with ${code}` };
  const lhr = JSON.parse(fs.readFileSync(outFile, 'utf8'));
  const audit = (id) => lhr.audits[id]?.numericValue ?? null;
  const score = (id) => (lhr.categories[id]?.score === null || lhr.categories[id]?.score === undefined ? null : Math.round(lhr.categories[id].score * 100));
  const scripts = (lhr.audits['network-requests']?.details?.items ?? []).filter((r) => r.resourceType === 'Script');
  return {
    preset: preset ?? 'mobile (default)',
    finalUrl: lhr.finalDisplayedUrl ?? lhr.finalUrl,
    runtimeError: lhr.runtimeError?.message ?? null,
    performance: score('performance'),
    accessibility: score('accessibility'),
    bestPractices: score('best-practices'),
    fcpMs: Math.round(audit('first-contentful-paint')),
    lcpMs: Math.round(audit('largest-contentful-paint')),
    tbtMs: Math.round(audit('total-blocking-time')),
    cls: Math.round((audit('cumulative-layout-shift') ?? 0) * 1000) / 1000,
    ttfbMs: Math.round(audit('server-response-time')),
    scriptTransferKb: Math.round(scripts.reduce((a, r) => a + (r.transferSize ?? 0), 0) / 102.4) / 10,
    totalTransferKb: Math.round((audit('total-byte-weight') ?? 0) / 102.4) / 10,
  };
}
