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

/**
 * Every route of the app: each page.tsx (or .ts/.jsx/.js) under the tree's app/, route groups and
 * parallel-route slots left out of the path ('/(app)/tasks/[id]/page.tsx' → '/tasks/[id]').
 */
export function appRoutes(tree) {
  const routes = new Set();
  const walk = (dir, segments) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name), [...segments, e.name]);
      else if (/^page\.(tsx|ts|jsx|js)$/.test(e.name)) {
        const visible = segments.filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith('@'));
        routes.add(`/${visible.join('/')}`);
      }
    }
  };
  walk(path.join(tree, 'app'), []);
  return [...routes].sort();
}

/** First-load JS of `routes` (default: every route of the app, `appRoutes`). */
export function firstLoadJs(tree, routes = appRoutes(tree)) {
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
    // Every entry of the route's manifest: its layouts and page, and the error and not-found
    // boundaries on its way, whose chunks the page's HTML loads as well.
    const wanted = Object.keys(entries);
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
