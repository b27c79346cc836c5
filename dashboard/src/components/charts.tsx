import type { DeliveryStats } from '../api';
import { span } from '../format';

type Minute = DeliveryStats['minutes'][number];

const WIDTH = 1000;
const HEIGHT = 200;
/** The left pad holds the axis' top label ("345 ms", "12 min") whole. */
const PAD = { left: 72, right: 8, top: 8, bottom: 22 };

/** One slot per minute from `since`, empty minutes included. */
export function minuteSlots(stats: DeliveryStats, count: number): (Minute | undefined)[] {
  const byMinute = new Map(stats.minutes.map((m) => [Date.parse(m.minute), m]));
  const start = Date.parse(stats.since);
  return Array.from({ length: count }, (_, i) => byMinute.get(start + i * 60_000));
}

function scale(max: number, value: number): number {
  const inner = HEIGHT - PAD.top - PAD.bottom;
  return max === 0 ? 0 : (value / max) * inner;
}

function Axis({ top, slots }: { top: string; slots: number }) {
  const inner = WIDTH - PAD.left - PAD.right;
  return (
    <g class="axis" aria-hidden="true">
      <line x1={PAD.left} y1={HEIGHT - PAD.bottom} x2={WIDTH - PAD.right} y2={HEIGHT - PAD.bottom} />
      <text x={PAD.left - 4} y={PAD.top + 8} text-anchor="end">
        {top}
      </text>
      <text x={PAD.left - 4} y={HEIGHT - PAD.bottom} text-anchor="end">
        0
      </text>
      <text x={PAD.left} y={HEIGHT - 6}>
        −{slots} min
      </text>
      <text x={PAD.left + inner} y={HEIGHT - 6} text-anchor="end">
        now
      </text>
    </g>
  );
}

/** Attempts per minute, stacked by outcome; the label gives the totals for screen readers. */
export function OutcomeBars({ slots, label }: { slots: (Minute | undefined)[]; label: string }) {
  const max = Math.max(1, ...slots.map((m) => (m ? m.succeeded + m.retrying + m.dead_lettered : 0)));
  const step = (WIDTH - PAD.left - PAD.right) / slots.length;
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} class="chart">
      <Axis top={String(Math.round(max))} slots={slots.length} />
      {slots.map((m, i) => {
        if (!m) return null;
        let y = HEIGHT - PAD.bottom;
        return (['succeeded', 'retrying', 'dead_lettered'] as const).map((outcome) => {
          const h = scale(max, m[outcome]);
          y -= h;
          return h > 0 ? <rect key={`${i}-${outcome}`} class={`bar-${outcome}`} x={PAD.left + i * step + 1} y={y} width={Math.max(1, step - 2)} height={h} /> : null;
        });
      })}
    </svg>
  );
}

/** p50 and p99 of completed_at → success per minute, as two lines. */
export function LatencyLines({ slots, label }: { slots: (Minute | undefined)[]; label: string }) {
  const max = Math.max(1, ...slots.map((m) => m?.p99_latency_ms ?? 0));
  const step = (WIDTH - PAD.left - PAD.right) / slots.length;
  const points = (pick: (m: Minute) => number | null) =>
    slots.flatMap((m, i) => (m && pick(m) !== null ? [[PAD.left + i * step + step / 2, HEIGHT - PAD.bottom - scale(max, pick(m)!)]] : []));
  const line = (kind: 'p50' | 'p99', pick: (m: Minute) => number | null) => {
    const at = points(pick);
    return (
      <g class={`line-${kind}`}>
        <path d={at.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x},${y}`).join(' ')} />
        {at.map(([x, y]) => (
          <circle key={x} cx={x} cy={y} r={3} />
        ))}
      </g>
    );
  };
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} class="chart">
      <Axis top={span(max)} slots={slots.length} />
      {line('p50', (m) => m.p50_latency_ms)}
      {line('p99', (m) => m.p99_latency_ms)}
    </svg>
  );
}
