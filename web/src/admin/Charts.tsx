import type { Bar } from './dashboard_model';

/// Horizontal bars: readable at tablet widths and labelled for screen readers.
export function BarChart({ title, bars, unit = '' }: { title: string; bars: Bar[]; unit?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <figure className="rounded-lg border border-slate-300 bg-white p-4">
      <figcaption className="mb-2 font-semibold">{title}</figcaption>
      {bars.length === 0 ? (
        <p className="text-sm text-slate-600">No data yet.</p>
      ) : (
        <ul className="space-y-1" aria-label={title}>
          {bars.map((b) => (
            <li key={b.label} className="grid grid-cols-[7rem_1fr_4rem] items-center gap-2 text-sm">
              <span className="truncate" title={b.label}>{b.label}</span>
              <span className="h-3 rounded bg-slate-100" aria-hidden="true">
                <span className="block h-3 rounded bg-blue-700" style={{ width: `${(b.value / max) * 100}%` }} />
              </span>
              <span className="text-right tabular-nums">{fmt(b.value)}{unit}</span>
            </li>
          ))}
        </ul>
      )}
    </figure>
  );
}

export function fmt(v: number | null, digits = 1): string {
  if (v === null || Number.isNaN(v)) return '—';
  if (Number.isInteger(v)) return String(v);
  return v.toFixed(digits);
}

/// A line over time (nulls are gaps), with the latest value as text.
export function LineChart({ title, values, unit = '' }: { title: string; values: (number | null)[]; unit?: string }) {
  const w = 300;
  const h = 80;
  const nums = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const max = Math.max(1, ...nums);
  const latest = [...values].reverse().find((v) => v !== null) ?? null;
  const step = values.length > 1 ? w / (values.length - 1) : w;
  let d = '';
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) return;
    const x = i * step;
    const y = h - (v / max) * (h - 4) - 2;
    const prev = values[i - 1];
    d += `${i === 0 || prev === null || prev === undefined ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)} `;
  });
  return (
    <figure className="rounded-lg border border-slate-300 bg-white p-4">
      <figcaption className="mb-1 flex font-semibold">
        <span>{title}</span>
        <span className="ml-auto tabular-nums" data-testid={`latest-${title}`}>{fmt(latest)}{unit}</span>
      </figcaption>
      <svg viewBox={`0 0 ${w} ${h}`} className="h-20 w-full" role="img" aria-label={`${title}: latest ${fmt(latest)}${unit}, peak ${fmt(nums.length ? Math.max(...nums) : null)}${unit}`} preserveAspectRatio="none">
        <line x1="0" y1={h - 1} x2={w} y2={h - 1} stroke="#cbd5e1" />
        <path d={d.trim()} fill="none" stroke="#1d4ed8" strokeWidth="2" vectorEffect="non-scaling-stroke" />
      </svg>
    </figure>
  );
}
