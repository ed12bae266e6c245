type Light = { level: 'green' | 'yellow' | 'red'; reason: string };
export type SignalSet = { late: Light; pace: Light; target: Light; flag?: { level: 'yellow' | 'red'; reason: string } | null };

/**
 * The lights as a list's rows send them to the browser: 报送, 进度, 指标 and, when a supervisor
 * flagged the task, 督查, each its level's letter (g, y, r) and its reason ("g" alone for 正常).
 * A list shows dozens of rows and each row is in the page's RSC payload, where an object's keys
 * cost more than the reasons.
 */
export type PackedLights = string[];

const LETTER = { green: 'g', yellow: 'y', red: 'r' } as const;
const LEVEL = { g: 'green', y: 'yellow', r: 'red' } as const;
const NORMAL = '正常';

/** Only what the lights show (level and reason of each): the services' signals also carry every rule that fired. */
export function packLights(s: SignalSet): PackedLights {
  const pack = (l: { level: Light['level']; reason: string }) => (l.level === 'green' && l.reason === NORMAL ? 'g' : LETTER[l.level] + l.reason);
  return [pack(s.late), pack(s.pace), pack(s.target), ...(s.flag ? [pack(s.flag)] : [])];
}

export function unpackLights(p: PackedLights): SignalSet {
  const light = (x: string | undefined): Light => {
    const level = LEVEL[(x?.[0] ?? 'g') as keyof typeof LEVEL] ?? 'green';
    return { level, reason: x && x.length > 1 ? x.slice(1) : level === 'green' ? NORMAL : '' };
  };
  const flag = p[3] === undefined ? null : light(p[3]);
  return { late: light(p[0]), pace: light(p[1]), target: light(p[2]), flag: flag && flag.level !== 'green' ? { level: flag.level, reason: flag.reason } : null };
}

const WORD: Record<Light['level'], string> = { green: '正常', yellow: '黄灯', red: '红灯' };

/**
 * The three warning signals side by side, never blended: 报送 (late), 进度 (pace), 指标 (target),
 * plus a supervisor's manual flag. Each light says its level in words too (not colour alone) and
 * carries its reason. Colours come from `data-level` (`[data-signals]` in app/globals.css).
 */
export function SignalLights({ signals: given, compact = false }: { signals: SignalSet | PackedLights; compact?: boolean }) {
  const signals = Array.isArray(given) ? unpackLights(given) : given;
  const items: [string, Light][] = [
    ['报送', signals.late],
    ['进度', signals.pace],
    ['指标', signals.target],
  ];
  // Styled by their data attributes (app/globals.css), not by a class string on each of hundreds of
  // lights; one text node per light (two adjacent ones would get a <!-- --> separator each).
  return (
    <ul aria-label="预警信号" data-signals>
      {items.map(([label, light]) => (
        <li key={label} title={`${label}：${light.reason}`} data-signal={label} data-level={light.level}>
          {compact && light.level === 'green' ? (
            <>
              {label}
              <span className="sr-only">{WORD.green}</span>
            </>
          ) : (
            `${label}${WORD[light.level]}`
          )}
        </li>
      ))}
      {signals.flag && (
        <li title={`督查亮灯：${signals.flag.reason}`} data-signal="督查" data-level={signals.flag.level}>
          {`督查${WORD[signals.flag.level]}`}
        </li>
      )}
    </ul>
  );
}
