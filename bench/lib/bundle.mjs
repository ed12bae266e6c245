/**
 * First-load JS per route, from the build's own manifests: the root main files every page loads
 * (build-manifest.json) plus the entry chunks of the route's layouts and page (its
 * page_client-reference-manifest.js). Each file is gzipped here (level 6, what `next start`
 * sends) to report transfer size.
 */
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import zlib from 'node:zlib';

function readManifest(file) {
  const sandbox = { self: {}, globalThis: {} };
  sandbox.globalThis = sandbox;
  vm.runInNewContext(fs.readFileSync(file, 'utf8'), sandbox);
  return sandbox.__RSC_MANIFEST ?? sandbox.self.__RSC_MANIFEST ?? sandbox.globalThis.__RSC_MANIFEST;
}

export function firstLoadJs(tree, routes) {
  const next = path.join(tree, '.next');
  const build = JSON.parse(fs.readFileSync(path.join(next, 'build-manifest.json'), 'utf8'));
  const appPaths = JSON.parse(fs.readFileSync(path.join(next, 'server/app-paths-manifest.json'), 'utf8'));
  const sizeCache = new Map();
  const size = (rel) => {
    if (!sizeCache.has(rel)) {
      const buf = fs.readFileSync(path.join(next, rel));
      sizeCache.set(rel, { raw: buf.length, gzip: zlib.gzipSync(buf, { level: 6 }).length });
    }
    return sizeCache.get(rel);
  };
  const root = build.rootMainFiles ?? [];
  const out = [];
  for (const route of routes) {
    // '/dashboard' → '/(app)/dashboard/page'
    const key = Object.keys(appPaths).find((k) => k.endsWith('/page') && k.replace(/\/\([^)]+\)/g, '').replace(/\/page$/, '') === (route === '/' ? '' : route));
    if (!key) {
      out.push({ route, missing: true });
      continue;
    }
    const manifestFile = path.join(next, 'server/app', `${key}_client-reference-manifest.js`);
    const manifest = readManifest(manifestFile)[key];
    const entries = manifest.entryJSFiles ?? {};
    // The route's own segments: app/layout, app/(group)/layout, …, the page.
    const segments = key.replace(/\/page$/, '').split('/').filter(Boolean);
    const wanted = ['[project]/app/layout'];
    for (let i = 1; i <= segments.length; i++) wanted.push(`[project]/app/${segments.slice(0, i).join('/')}/layout`);
    wanted.push(`[project]/app/${segments.join('/')}/page`);
    const files = new Set(root);
    for (const w of wanted) for (const f of entries[w] ?? []) files.add(f);
    const css = new Set();
    for (const w of wanted) for (const f of manifest.entryCSSFiles?.[w] ?? []) css.add(typeof f === 'string' ? f : f.path);
    let raw = 0;
    let gzip = 0;
    for (const f of files) {
      const s = size(f.replace(/^\/?_next\//, ''));
      raw += s.raw;
      gzip += s.gzip;
    }
    let cssGzip = 0;
    for (const f of css) {
      try {
        cssGzip += size(f.replace(/^\/?_next\//, '')).gzip;
      } catch {
        /* inlined */
      }
    }
    out.push({ route, key, files: files.size, rawKb: Math.round(raw / 102.4) / 10, gzipKb: Math.round(gzip / 102.4) / 10, cssGzipKb: Math.round(cssGzip / 102.4) / 10 });
  }
  const shared = root.reduce((a, f) => a + size(f).gzip, 0);
  return { routes: out, sharedGzipKb: Math.round(shared / 102.4) / 10 };
}
