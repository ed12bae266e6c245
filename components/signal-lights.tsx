type Light = { level: 'green' | 'yellow' | 'red'; reason: string };
export type SignalSet = { late: Light; pace: Light; target: Light; flag?: { level: 'yellow' | 'red'; reason: string } | null };

const WORD: Record<Light['level'], string> = { green: '正常', yellow: '黄灯', red: '红灯' };

/**
 * The three warning signals side by side, never blended: 报送 (late), 进度 (pace), 指标 (target),
 * plus a supervisor's manual flag. Each light says its level in words too (not colour alone) and
 * carries its reason. Colours come from `data-level` (`[data-signals]` in app/globals.css).
 */
export function SignalLights({ signals, compact = false }: { signals: SignalSet; compact?: boolean }) {
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
