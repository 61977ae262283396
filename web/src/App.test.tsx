import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { FakeSocket } from './test/fake_socket';
import { mockFetch } from './test/fetch_mock';

beforeEach(() => {
  FakeSocket.reset();
  vi.stubGlobal('WebSocket', FakeSocket);
});

afterEach(() => {
  vi.unstubAllGlobals();
  window.history.pushState(null, '', '/');
});

describe('App', () => {
  it('signs an operator in, keeps the token in sessionStorage and says hello with it', async () => {
    window.history.pushState(null, '', '/');
    const log = vi.spyOn(console, 'log');
    render(<App />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Operator token'), 'op-token-1');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(sessionStorage.getItem('crmd.operator_token')).toBe('op-token-1');
    const s = FakeSocket.last();
    expect(s.url).toMatch(/^ws:\/\/.*\/ws$/);
    act(() => s.open());
    expect(s.sent[0]).toEqual({ type: 'hello', token: 'op-token-1', last_seq: 0 });
    act(() => s.receive({ type: 'snapshot', seq: 0, pending: [] }));
    expect(screen.getByText('Nothing to review.')).toBeInTheDocument();
    expect(log).not.toHaveBeenCalled();
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(sessionStorage.getItem('crmd.operator_token')).toBeNull();
    expect(s.closedWith).toBe(1000);
  });

  it('serves the admin pages under /admin with the admin token', async () => {
    const calls = mockFetch((c) => (c.url === '/admin/tenants' ? { status: 200, body: { tenants: [{ id: 'default', version: 1 }] } } : { status: 200, body: { records: [], next_since_seq: null } }));
    window.history.pushState(null, '', '/admin/audit');
    render(<App />);
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Admin token'), 'adm-1');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('form', { name: 'Audit filters' })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Audit' })).toHaveAttribute('aria-current', 'page');
    expect(calls.every((c) => c.headers.Authorization === 'Bearer adm-1')).toBe(true);
  });
});
