import fs from 'node:fs';
import path from 'node:path';

/**
 * Ids of other processes that have any of the files open (Linux: /proc/<pid>/fd), or null when
 * that cannot be told on this system. Used to refuse a restore under a running server.
 */
export function processesUsing(files: string[]): number[] | null {
  if (!fs.existsSync('/proc/self/fd')) return null;
  // /proc shows resolved paths: resolve symbolic links in the folder part the same way.
  const canonical = (f: string) => {
    const abs = path.resolve(f);
    try {
      return path.join(fs.realpathSync(path.dirname(abs)), path.basename(abs));
    } catch {
      return abs;
    }
  };
  const wanted = new Set(files.map(canonical));
  const found = new Set<number>();
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue; // gone, or not ours to look at
    }
    for (const fd of fds) {
      try {
        if (wanted.has(fs.readlinkSync(`/proc/${pid}/fd/${fd}`))) {
          found.add(pid);
          break;
        }
      } catch {
        // closed meanwhile
      }
    }
  }
  return [...found].sort((a, b) => a - b);
}
