/// Turns successive /metrics scrapes into what the dashboard draws.

import { bucketCounts, byLabel, histogram, histogramDelta, quantile, rate, total, type Histogram } from '../lib/metrics_model';
import type { ParsedMetrics } from '../lib/metrics_parser';

export interface Scrape {
  at: number;
  m: ParsedMetrics;
}

export interface Point {
  at: number;
  /// Messages accepted per second (ingress `received`), from the delta with the previous scrape.
  ingressRate: number | null;
  /// Screened messages per second (ai_requests_total).
  screenedRate: number | null;
  queueDepth: number | null;
  inFlight: number | null;
}

export interface Bar {
  label: string;
  value: number;
}

export interface DashboardView {
  points: Point[];
  blockedByCategory: Bar[];
  autoVsManual: Bar[];
  statuses: Bar[];
  latencyBuckets: Bar[];
  latencyP50: number | null;
  latencyP95: number | null;
  averageLatency: number | null;
  confidenceBuckets: Bar[];
  ingressByOutcome: Bar[];
}

/// Scrapes kept for the time-series charts (at 3 s a scrape, about five minutes).
export const max_history = 100;

export function pointFrom(prev: Scrape | null, cur: Scrape): Point {
  const dt = prev ? (cur.at - prev.at) / 1000 : 0;
  const received = (s: Scrape) => total(s.m, 'crmd_ingress_messages_total', { outcome: 'received' });
  return {
    at: cur.at,
    ingressRate: prev ? rate(received(prev), received(cur), dt) : null,
    screenedRate: prev ? rate(total(prev.m, 'ai_requests_total'), total(cur.m, 'ai_requests_total'), dt) : null,
    queueDepth: total(cur.m, 'crmd_review_pending'),
    inFlight: total(cur.m, 'crmd_inference_in_flight'),
  };
}

function bars(rec: Record<string, number>): Bar[] {
  return Object.entries(rec)
    .map(([label, value]) => ({ label: label || '(none)', value }))
    .sort((a, b) => b.value - a.value);
}

function leLabel(le: number, prevLe: number | null): string {
  if (le === Infinity) return `>${prevLe ?? 0}`;
  return `≤${le}`;
}

function histBars(h: Histogram | null): Bar[] {
  if (!h) return [];
  const counts = bucketCounts(h);
  return counts.map((b, i) => ({ label: leLabel(b.le, i > 0 ? counts[i - 1].le : null), value: b.count }));
}

/// The view for the latest scrape; latency shows what was observed since the previous scrape
/// when there was traffic in between, else all time.
export function viewOf(history: Scrape[], points: Point[]): DashboardView | null {
  const cur = history[history.length - 1];
  if (!cur) return null;
  const prev = history.length > 1 ? history[history.length - 2] : null;
  const m = cur.m;
  const latAll = histogram(m, 'request_latency_ms');
  const latPrev = prev ? histogram(prev.m, 'request_latency_ms') : null;
  const latRecent = latAll ? histogramDelta(latPrev, latAll) : null;
  const lat = latRecent && latRecent.count > 0 ? latRecent : latAll;
  const auto = total(m, 'auto_approved_total');
  const manual = total(m, 'manual_reviews_total');
  return {
    points,
    blockedByCategory: bars(byLabel(m, 'security_violations_total', 'type')),
    autoVsManual: auto === null && manual === null ? [] : [
      { label: 'auto-approved', value: auto ?? 0 },
      { label: 'manual review', value: manual ?? 0 },
    ],
    statuses: bars(byLabel(m, 'ai_requests_total', 'status')),
    latencyBuckets: histBars(lat),
    latencyP50: lat ? quantile(lat, 0.5) : null,
    latencyP95: lat ? quantile(lat, 0.95) : null,
    averageLatency: total(m, 'average_latency_ms'),
    confidenceBuckets: histBars(histogram(m, 'confidence_histogram')),
    ingressByOutcome: bars(byLabel(m, 'crmd_ingress_messages_total', 'outcome')),
  };
}
