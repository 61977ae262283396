import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mockFetch } from '../test/fetch_mock';
import { AdminApi } from './admin_api';
import { AuditPage } from './AuditPage';

const rec = (seq: number) => ({
  seq, at: `2030-01-01T00:00:${String(seq).padStart(2, '0')}.000Z`, tenant: 'acme', client_id: '4915550001', event_token: `ev${seq}`,
  state: 'screened', classification: 'security_violation', status: 'Blocked', triggered_keywords: ['ignore previous'], prev_hash: 'aa', hash: `h${seq}`,
});

afterEach(() => vi.unstubAllGlobals());

describe('AuditPage', () => {
  it('builds the query from the filters and pages with next_since_seq', async () => {
    const calls = mockFetch((c) => {
      if (!c.url.startsWith('/admin/audit?')) return undefined;
      const since = new URL(c.url, 'http://x').searchParams.get('since_seq');
      return since === '2' ? { status: 200, body: { records: [rec(3)], next_since_seq: null } } : { status: 200, body: { records: [rec(1), rec(2)], next_since_seq: 2 } };
    });
    render(<AuditPage api={new AdminApi('adm')} tenant="acme" />);
    await screen.findByRole('button', { name: 'Show record 2' });
    expect(calls[0].url).toBe('/admin/audit?tenant=acme&limit=50');

    const user = userEvent.setup();
    const form = screen.getByRole('form', { name: 'Audit filters' });
    await user.type(within(form).getByLabelText('Client'), '4915550001');
    await user.selectOptions(within(form).getByLabelText('Classification'), 'security_violation');
    await user.type(within(form).getByLabelText('Status'), 'Blocked');
    await user.selectOptions(within(form).getByLabelText('State'), 'screened');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    expect(calls[calls.length - 1].url).toBe('/admin/audit?tenant=acme&client_id=4915550001&classification=security_violation&status=Blocked&state=screened&limit=50');

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await screen.findByRole('button', { name: 'Show record 3' });
    expect(calls[calls.length - 1].url).toContain('&since_seq=2&limit=50');
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    await screen.findByRole('button', { name: 'Show record 1' });
    expect(calls[calls.length - 1].url).not.toContain('since_seq');
  });

  it('shows a record in detail and the chain verification result', async () => {
    mockFetch((c) => {
      if (c.url === '/admin/audit/verify') return { status: 200, body: { ok: false, records: 9, head_hash: 'beef', first_bad_seq: 4 } };
      return { status: 200, body: { records: [rec(1)], next_since_seq: null } };
    });
    render(<AuditPage api={new AdminApi('adm')} tenant="acme" />);
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Show record 1' }));
    const detail = screen.getByRole('region', { name: 'Audit record 1' });
    expect(detail).toHaveTextContent('ignore previous');
    expect(detail).toHaveTextContent('h1');
    await user.click(screen.getByRole('button', { name: 'Verify chain' }));
    expect(await screen.findByTestId('verify-result')).toHaveTextContent('BROKEN at seq 4');
  });
});
