import { describe, expect, it } from 'vitest';
import { bucketCounts, byLabel, histogram, histogramDelta, quantile, rate, total } from './metrics_model';
import { parseMetrics, parseSample } from './metrics_parser';

const exposition = `# HELP ai_requests_total Screened messages by audit status.
# TYPE ai_requests_total counter
ai_requests_total{status="Passed"} 40
ai_requests_total{status="Blocked"} 7
# TYPE security_violations_total counter
security_violations_total{type="injection"} 5
security_violations_total{type="medical"} 2
# TYPE auto_approved_total counter
auto_approved_total 30
# TYPE crmd_review_pending gauge
crmd_review_pending 4
# TYPE confidence_histogram histogram
confidence_histogram_bucket{le="50"} 3
confidence_histogram_bucket{le="80"} 10
confidence_histogram_bucket{le="+Inf"} 12
confidence_histogram_sum 850
confidence_histogram_count 12
# TYPE request_latency_ms histogram
request_latency_ms_bucket{route="ingest",le="10"} 5
request_latency_ms_bucket{route="ingest",le="100"} 9
request_latency_ms_bucket{route="ingest",le="+Inf"} 10
request_latency_ms_sum{route="ingest"} 300
request_latency_ms_count{route="ingest"} 10
request_latency_ms_bucket{route="webhook",le="10"} 1
request_latency_ms_bucket{route="webhook",le="100"} 2
request_latency_ms_bucket{route="webhook",le="+Inf"} 2
request_latency_ms_sum{route="webhook"} 60
request_latency_ms_count{route="webhook"} 2
# a plain comment
crmd_odd{path="C:\\\\dir",msg="say \\"hi\\"\\nbye"} 1.5e3 1700000000000
`;

describe('parseMetrics', () => {
  const m = parseMetrics(exposition);

  it('reads types, help and samples without errors', () => {
    expect(m.errors).toEqual([]);
    expect(m.families.get('ai_requests_total')?.type).toBe('counter');
    expect(m.families.get('ai_requests_total')?.help).toBe('Screened messages by audit status.');
    expect(total(m, 'ai_requests_total')).toBe(47);
    expect(total(m, 'ai_requests_total', { status: 'Blocked' })).toBe(7);
    expect(total(m, 'crmd_review_pending')).toBe(4);
    expect(total(m, 'missing_metric')).toBeNull();
  });

  it('groups by label', () => {
    expect(byLabel(m, 'security_violations_total', 'type')).toEqual({ injection: 5, medical: 2 });
  });

  it('unescapes backslash, quote and newline in label values and accepts a timestamp', () => {
    const s = m.families.get('crmd_odd')?.samples[0];
    expect(s?.labels).toEqual({ path: 'C:\\dir', msg: 'say "hi"\nbye' });
    expect(s?.value).toBe(1500);
  });

  it('groups histogram series under their family and merges routes', () => {
    const all = histogram(m, 'request_latency_ms');
    expect(all?.buckets).toEqual([
      { le: 10, count: 6 },
      { le: 100, count: 11 },
      { le: Infinity, count: 12 },
    ]);
    expect(all?.count).toBe(12);
    expect(all?.sum).toBe(360);
    expect(histogram(m, 'request_latency_ms', { route: 'webhook' })?.count).toBe(2);
    expect(m.families.has('request_latency_ms_bucket')).toBe(false);
  });

  it('turns cumulative buckets into per-bucket counts and quantiles', () => {
    const h = histogram(m, 'confidence_histogram');
    expect(h).not.toBeNull();
    expect(bucketCounts(h!)).toEqual([
      { le: 50, count: 3 },
      { le: 80, count: 7 },
      { le: Infinity, count: 2 },
    ]);
    expect(quantile(h!, 0.25)).toBe(50);
    expect(quantile(h!, 0.5)).toBeCloseTo(50 + (30 * 3) / 7);
  });

  it('reports bad lines instead of throwing', () => {
    const bad = parseMetrics('ok_metric 1\nbroken{le="1" 2\nnovalue\nx{a="b\\q"} 1\ny NaNx\n');
    expect(bad.errors.map((e) => e.line)).toEqual([2, 3, 4, 5]);
    expect(total(bad, 'ok_metric')).toBe(1);
  });

  it('parses special values', () => {
    expect(parseSample('a +Inf')?.value).toBe(Infinity);
    expect(parseSample('a -Inf')?.value).toBe(-Infinity);
    expect(Number.isNaN(parseSample('a NaN')?.value)).toBe(true);
    expect(parseSample('a{} 3')?.value).toBe(3);
    expect(parseSample('a{b="1",} 3')?.labels).toEqual({ b: '1' });
  });
});

describe('rates and deltas', () => {
  it('computes a per-second rate and survives counter resets', () => {
    expect(rate(10, 40, 3)).toBe(10);
    expect(rate(40, 6, 2)).toBe(3);
    expect(rate(null, 6, 2)).toBeNull();
    expect(rate(1, 2, 0)).toBeNull();
  });

  it('subtracts the previous scrape from a histogram', () => {
    const prev = { buckets: [{ le: 10, count: 1 }, { le: Infinity, count: 2 }], sum: 5, count: 2 };
    const cur = { buckets: [{ le: 10, count: 4 }, { le: Infinity, count: 6 }], sum: 25, count: 6 };
    expect(histogramDelta(prev, cur)).toEqual({ buckets: [{ le: 10, count: 3 }, { le: Infinity, count: 4 }], sum: 20, count: 4 });
    expect(histogramDelta(cur, prev)).toBe(prev);
  });
});
