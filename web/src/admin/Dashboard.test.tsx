import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { parseMetrics } from '../lib/metrics_parser';
import { pointFrom, viewOf } from './dashboard_model';
import { Dashboard } from './Dashboard';

const scrape = (received: number, pending: number) => `# TYPE crmd_ingress_messages_total counter
crmd_ingress_messages_total{outcome="received"} ${received}
crmd_ingress_messages_total{outcome="duplicate"} 1
# TYPE crmd_review_pending gauge
crmd_review_pending ${pending}
# TYPE security_violations_total counter
security_violations_total{type="injection"} 3
security_violations_total{type="political"} 5
auto_approved_total 9
manual_reviews_total 3
`;

describe('dashboard model', () => {
  it('derives rates from deltas between scrapes and reads gauges', () => {
    const a = { at: 0, m: parseMetrics(scrape(10, 2)) };
    const b = { at: 2000, m: parseMetrics(scrape(30, 5)) };
    expect(pointFrom(null, a)).toMatchObject({ ingressRate: null, queueDepth: 2 });
    expect(pointFrom(a, b)).toMatchObject({ ingressRate: 10, queueDepth: 5, inFlight: null });
    const v = viewOf([a, b], [pointFrom(null, a), pointFrom(a, b)])!;
    expect(v.blockedByCategory).toEqual([{ label: 'political', value: 5 }, { label: 'injection', value: 3 }]);
    expect(v.autoVsManual).toEqual([{ label: 'auto-approved', value: 9 }, { label: 'manual review', value: 3 }]);
    expect(v.latencyBuckets).toEqual([]);
  });
});

describe('Dashboard', () => {
  it('renders charts from a scrape', async () => {
    render(<Dashboard fetchText={async () => scrape(4, 7)} />);
    await waitFor(() => expect(screen.getByTestId('latest-Review queue depth')).toHaveTextContent('7'));
    expect(screen.getByRole('list', { name: 'Blocked by category' })).toHaveTextContent('political');
  });

  it('reports a failed scrape', async () => {
    render(<Dashboard fetchText={async () => { throw new Error('/metrics answered 503.'); }} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('503');
  });
});
