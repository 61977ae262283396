import { useEffect, useRef, useState } from 'react';
import { parseMetrics } from '../lib/metrics_parser';
import { BarChart, fmt, LineChart } from './Charts';
import { max_history, pointFrom, viewOf, type Point, type Scrape } from './dashboard_model';

/// How often the dashboard scrapes the node's /metrics.
export const poll_interval_ms = 3000;

export function Dashboard({ fetchText = defaultFetch }: { fetchText?: () => Promise<string> }) {
  const history = useRef<Scrape[]>([]);
  const [points, setPoints] = useState<Point[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [, setTick] = useState(0);

  useEffect(() => {
    let stopped = false;
    const scrape = async () => {
      try {
        const text = await fetchText();
        if (stopped) return;
        const cur: Scrape = { at: Date.now(), m: parseMetrics(text) };
        const prev = history.current[history.current.length - 1] ?? null;
        history.current = [...history.current, cur].slice(-max_history);
        setPoints((p) => [...p, pointFrom(prev, cur)].slice(-max_history));
        setError(null);
      } catch (e) {
        if (!stopped) setError(e instanceof Error ? e.message : 'Metrics could not be read.');
      }
      setTick((t) => t + 1);
    };
    void scrape();
    const id = setInterval(() => void scrape(), poll_interval_ms);
    return () => {
      stopped = true;
      clearInterval(id);
    };
  }, [fetchText]);

  const view = viewOf(history.current, points);
  return (
    <div className="space-y-4">
      <p className="text-sm text-slate-700">
        Live from <code>/metrics</code> every {poll_interval_ms / 1000} s; rates are from the difference between scrapes.
      </p>
      {error && <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-900">{error}</p>}
      {view && (
        <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
          <LineChart title="Messages received /s" values={view.points.map((p) => p.ingressRate)} />
          <LineChart title="Messages screened /s" values={view.points.map((p) => p.screenedRate)} />
          <LineChart title="Review queue depth" values={view.points.map((p) => p.queueDepth)} />
          <LineChart title="Inference in flight" values={view.points.map((p) => p.inFlight)} />
          <BarChart title="Blocked by category" bars={view.blockedByCategory} />
          <BarChart title="Auto vs manual" bars={view.autoVsManual} />
          <BarChart title="Screened by status" bars={view.statuses} />
          <BarChart title="Ingress by outcome" bars={view.ingressByOutcome} />
          <div className="space-y-2">
            <BarChart title="Request latency (ms)" bars={view.latencyBuckets} />
            <p className="text-sm text-slate-700">
              p50 {fmt(view.latencyP50)} ms · p95 {fmt(view.latencyP95)} ms · average {fmt(view.averageLatency)} ms
            </p>
          </div>
          <BarChart title="Confidence" bars={view.confidenceBuckets} />
        </div>
      )}
    </div>
  );
}

async function defaultFetch(): Promise<string> {
  const res = await fetch('/metrics', { headers: { Accept: 'text/plain' } });
  if (!res.ok) throw new Error(`/metrics answered ${res.status}.`);
  return res.text();
}
