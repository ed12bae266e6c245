/**
 * The save/submit server action, posted as the browser posts it (captured from Chromium): a POST
 * to the page URL with the action id in `Next-Action`, the router state tree, and the arguments
 * as JSON text: one argument, the report with its intent, `[{ ...input, intent }]` (see
 * `actionBody`). The action id comes from the build's server-reference manifest.
 */
import fs from 'node:fs';
import path from 'node:path';

export function findActionId(tree, exportedName = 'saveReportAction', file = 'app/(app)/my/tasks/[id]/actions.ts') {
  const manifest = JSON.parse(fs.readFileSync(path.join(tree, '.next/server/server-reference-manifest.json'), 'utf8'));
  for (const [id, entry] of Object.entries(manifest.node ?? {})) {
    if (entry.exportedName === exportedName && entry.filename === file) return id;
  }
  throw new Error(`no server action ${exportedName} in ${file}`);
}

/** The router state tree Chromium sends from /my/tasks/[id]. */
export function routerStateTree(taskId) {
  const tree = ['', { children: ['(app)', { children: ['my', { children: ['tasks', { children: [['id', String(taskId), 'd', null], { children: ['__PAGE__', {}, null, null, 0] }, null, null, 0] }, null, null, 0] }, null, null, 0] }, null, null, 0] }, null, null, 16];
  return encodeURIComponent(JSON.stringify(tree));
}

export function reportInput(slot, version, i = 0) {
  return {
    taskId: slot.taskId,
    periodId: slot.periodId,
    version,
    progress: `${slot.month} 月度进展（压测 ${i}）：召开专题推进会议，细化分解年度目标任务；深入重点企业和项目现场开展调研服务。`,
    percentDone: 90,
    problems: '部分项目前期手续办理进度偏慢',
    nextSteps: '继续加强调度，确保按期完成年度目标',
    indicatorValues: [],
  };
}

/** The body of a save/submit action request: its one argument, the report with `intent: 'save' | 'submit'`. */
export function actionBody(input, intent) {
  return JSON.stringify([{ ...input, intent }]);
}

export function actionHeaders({ base, cookie, actionId, taskId }) {
  return {
    cookie,
    origin: base,
    referer: `${base}/my/tasks/${taskId}`,
    accept: 'text/x-component',
    'content-type': 'text/plain;charset=UTF-8',
    'next-action': actionId,
    'next-router-state-tree': routerStateTree(taskId),
  };
}

/** The result the action returned, from its RSC response (or the floor's first line). */
export function parseResult(body) {
  const ok = /"ok":true,"id":(\d+),"version":(\d+)/.exec(body);
  if (ok) return { ok: true, id: Number(ok[1]), version: Number(ok[2]) };
  const conflict = /"conflict":\{"version":(\d+)/.exec(body);
  if (conflict) return { ok: false, conflict: true, version: Number(conflict[1]) };
  const err = /"ok":false,"error":"([^"]*)"/.exec(body);
  return { ok: false, error: err ? err[1] : body.slice(0, 200) };
}

/**
 * autocannon `requests` that save drafts into a pool of slots. Each request takes a free slot,
 * posts the version it last saw, and puts the slot back with the new version when the answer
 * comes; so no two in-flight requests share a slot and every save is a real update.
 */
export function draftSaveRequests({ slots, cookies, actionId, base, floor = false }) {
  let pool = slots.map((s) => ({ ...s, version: s.version ?? 0 }));
  const stats = { ok: 0, conflict: 0, failed: 0, exhausted: 0 };
  /**
   * Before each autocannon run: every slot back in the pool with the version the database holds
   * (requests cut off when the previous run stopped never answered).
   */
  const resync = (versionOf) => {
    pool = slots.map((s) => ({ ...s, version: versionOf(s) }));
  };
  let n = 0;
  // One requests array per instance (Origin and Referer name the instance the request goes to),
  // all drawing from the same pool of slots.
  const forBase = (origin) => [
    {
      method: 'POST',
      setupRequest(req, context) {
        let slot = pool.shift();
        if (!slot) {
          stats.exhausted++;
          slot = slots[n % slots.length];
        }
        context.slot = slot;
        n += 1;
        const headers = floor
          ? { cookie: `bench_user=${slot.username}`, 'content-type': 'application/json' }
          : actionHeaders({ base: origin, cookie: cookies[slot.username], actionId, taskId: slot.taskId });
        const input = reportInput(slot, slot.version ?? 0, n);
        // The floor (bench/floor.ts) still reads the two arguments `[input, intent]`.
        const body = floor ? JSON.stringify([input, 'save']) : actionBody(input, 'save');
        return { ...req, method: 'POST', path: `/my/tasks/${slot.taskId}`, headers, body };
      },
      onResponse(status, body, context) {
        const slot = context.slot;
        if (!slot) return;
        const r = status === 200 ? parseResult(body) : { ok: false };
        if (r.ok) {
          stats.ok++;
          slot.version = r.version;
        } else if (r.conflict) {
          stats.conflict++;
          slot.version = r.version;
        } else stats.failed++;
        if (!pool.includes(slot)) pool.push(slot);
      },
    },
  ];
  const requests = forBase(base);
  const requestsFor = (url) => forBase(new URL(url).origin);
  return { requests, requestsFor, stats, resync, slotFor: (taskId, username) => pool.find((s) => s.taskId === taskId && s.username === username) };
}
