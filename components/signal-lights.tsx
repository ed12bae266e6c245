import { cn } from '@/lib/utils';

type Light = { level: 'green' | 'yellow' | 'red'; reason: string };
export type SignalSet = { late: Light; pace: Light; target: Light; flag?: { level: 'yellow' | 'red'; reason: string } | null };

const DOT: Record<Light['level'], string> = {
  green: 'bg-emerald-500',
  yellow: 'bg-amber-400',
  red: 'bg-red-600',
};
const WORD: Record<Light['level'], string> = { green: '正常', yellow: '黄灯', red: '红灯' };

/**
 * The three warning signals side by side, never blended: 报送 (late), 进度 (pace), 指标 (target),
 * plus a supervisor's manual flag. Each light says its level in words too (not colour alone) and
 * carries its reason.
 */
export function SignalLights({ signals, compact = false }: { signals: SignalSet; compact?: boolean }) {
  const items: [string, Light][] = [
    ['报送', signals.late],
    ['进度', signals.pace],
    ['指标', signals.target],
  ];
  return (
    <ul className="flex flex-wrap items-center gap-1.5" aria-label="预警信号" data-signals>
      {items.map(([label, light]) => (
        <li
          key={label}
          title={`${label}：${light.reason}`}
          data-signal={label}
          data-level={light.level}
          className={cn('inline-flex items-center gap-1 whitespace-nowrap rounded-full border px-1.5 py-0.5 text-xs', light.level === 'green' ? 'border-slate-200 text-slate-600' : light.level === 'yellow' ? 'border-amber-300 bg-amber-50 text-amber-900' : 'border-red-300 bg-red-50 text-red-800')}
        >
          <span aria-hidden className={cn('inline-block h-2 w-2 rounded-full', DOT[light.level])} />
          {label}
          <span className={cn(compact && light.level === 'green' && 'sr-only')}>{WORD[light.level]}</span>
        </li>
      ))}
      {signals.flag && (
        <li title={`督查亮灯：${signals.flag.reason}`} data-signal="督查" data-level={signals.flag.level} className={cn('inline-flex items-center gap-1 whitespace-nowrap rounded-full px-1.5 py-0.5 text-xs font-medium text-white', signals.flag.level === 'red' ? 'bg-red-700' : 'bg-amber-500')}>
          督查{WORD[signals.flag.level]}
        </li>
      )}
    </ul>
  );
}
