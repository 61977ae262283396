/// Queries over parsed metrics for the dashboard: sums by label, histograms, rates from deltas.

import type { ParsedMetrics, Sample } from './metrics_parser';

type LabelFilter = Record<string, string>;

function matches(s: Sample, filter: LabelFilter | undefined): boolean {
  if (!filter) return true;
  return Object.entries(filter).every(([k, v]) => s.labels[k] === v);
}

function samplesNamed(m: ParsedMetrics, family: string, sample: string): Sample[] {
  return m.families.get(family)?.samples.filter((s) => s.name === sample) ?? [];
}

/// Sum of a counter or gauge over all its series (optionally those matching `filter`); null if absent.
export function total(m: ParsedMetrics, name: string, filter?: LabelFilter): number | null {
  const ss = samplesNamed(m, name, name).filter((s) => matches(s, filter));
  if (ss.length === 0) return null;
  return ss.reduce((a, s) => a + s.value, 0);
}

/// Sums a metric grouped by one label's value.
export function byLabel(m: ParsedMetrics, name: string, label: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samplesNamed(m, name, name)) {
    const k = s.labels[label] ?? '';
    out[k] = (out[k] ?? 0) + s.value;
  }
  return out;
}

export interface Histogram {
  /// Cumulative counts by upper bound, ascending, ending with +Inf.
  buckets: { le: number; count: number }[];
  sum: number;
  count: number;
}

/// A histogram family merged over its series (those matching `filter`); null if absent.
export function histogram(m: ParsedMetrics, name: string, filter?: LabelFilter): Histogram | null {
  const fam = m.families.get(name);
  if (!fam) return null;
  const byLe = new Map<number, number>();
  let sum = 0;
  let count = 0;
  let seen = false;
  for (const s of fam.samples) {
    if (!matches(s, filter)) continue;
    if (s.name === `${name}_bucket`) {
      const le = s.labels.le === '+Inf' ? Infinity : Number(s.labels.le);
      if (Number.isNaN(le)) continue;
      byLe.set(le, (byLe.get(le) ?? 0) + s.value);
      seen = true;
    } else if (s.name === `${name}_sum`) sum += s.value;
    else if (s.name === `${name}_count`) count += s.value;
  }
  if (!seen) return null;
  const buckets = [...byLe.entries()].sort((a, b) => a[0] - b[0]).map(([le, c]) => ({ le, count: c }));
  return { buckets, sum, count };
}

/// Per-bucket (non-cumulative) counts: what a bar chart of the distribution shows.
export function bucketCounts(h: Histogram): { le: number; count: number }[] {
  return h.buckets.map((b, i) => ({ le: b.le, count: b.count - (i > 0 ? h.buckets[i - 1].count : 0) }));
}

/// Histogram of only what was observed between two scrapes (falls back to `cur` after a reset).
export function histogramDelta(prev: Histogram | null, cur: Histogram): Histogram {
  if (!prev || prev.count > cur.count) return cur;
  const prevLe = new Map(prev.buckets.map((b) => [b.le, b.count]));
  return {
    buckets: cur.buckets.map((b) => ({ le: b.le, count: Math.max(0, b.count - (prevLe.get(b.le) ?? 0)) })),
    sum: cur.sum - prev.sum,
    count: cur.count - prev.count,
  };
}

/// Linear-interpolated quantile (like PromQL's histogram_quantile); null when empty.
export function quantile(h: Histogram, q: number): number | null {
  const last = h.buckets[h.buckets.length - 1];
  if (!last || last.count <= 0) return null;
  const rank = q * last.count;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of h.buckets) {
    if (b.count >= rank) {
      if (b.le === Infinity) return prevLe;
      const inBucket = b.count - prevCount;
      return inBucket <= 0 ? b.le : prevLe + ((b.le - prevLe) * (rank - prevCount)) / inBucket;
    }
    prevLe = b.le;
    prevCount = b.count;
  }
  return prevLe;
}

/// Per-second rate of a counter between two scrapes; a counter reset counts from zero.
export function rate(prev: number | null, cur: number | null, seconds: number): number | null {
  if (prev === null || cur === null || seconds <= 0) return null;
  const delta = cur >= prev ? cur - prev : cur;
  return delta / seconds;
}
