import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeSocket, ManualTimers } from '../test/fake_socket';
import { makeReview } from '../test/fixtures';
import { ReviewClient } from '../ws/review_client';
import { QueuePage } from './QueuePage';

let ids = 0;

function setup(pending = [makeReview('t1', { created_at: '2030-01-01T00:00:01Z' }), makeReview('t2', { created_at: '2030-01-01T00:00:02Z' }), makeReview('t3', { created_at: '2030-01-01T00:00:03Z' })]) {
  const timers = new ManualTimers();
  const client = new ReviewClient({
    url: 'ws://test/ws',
    token: 'op',
    createSocket: (u) => new FakeSocket(u),
    setTimer: timers.set,
    clearTimer: timers.clear,
    newId: () => `a${++ids}`,
  });
  client.start();
  const socket = FakeSocket.last();
  socket.open();
  socket.receive({ type: 'snapshot', seq: 1, pending });
  render(<QueuePage client={client} onSignOut={() => {}} />);
  const server = (frame: unknown) => act(() => socket.receive(frame));
  return { client, socket, server, user: userEvent.setup() };
}

const cards = () => screen.queryAllByTestId('review-card');
const selectedToken = () => cards().find((c) => c.getAttribute('aria-current') === 'true')?.getAttribute('data-event-token');

beforeEach(() => {
  FakeSocket.reset();
  ids = 0;
});

describe('QueuePage', () => {
  it('shows the connection state and one card per pending review', () => {
    setup();
    expect(screen.getByTestId('connection-state')).toHaveAttribute('data-state', 'live');
    expect(screen.getByTestId('connection-state')).toHaveTextContent('Live');
    expect(cards().map((c) => c.dataset.eventToken)).toEqual(['t1', 't2', 't3']);
    expect(selectedToken()).toBe('t1');
  });

  it('moves the selection with j and k', async () => {
    const { user } = setup();
    await user.keyboard('j');
    expect(selectedToken()).toBe('t2');
    await user.keyboard('jj');
    expect(selectedToken()).toBe('t3');
    await user.keyboard('k');
    expect(selectedToken()).toBe('t2');
  });

  it('approves with a then Enter, removing the card at once', async () => {
    const { user, socket } = setup();
    await user.keyboard('j');
    await user.keyboard('a');
    expect(screen.getByText(/Press Enter to approve/)).toBeInTheDocument();
    expect(socket.sent.some((f) => (f as { type: string }).type === 'approve')).toBe(false);
    await user.keyboard('{Enter}');
    expect(socket.lastSent()).toEqual({ type: 'approve', event_token: 't2', action_id: 'a1' });
    expect(cards().map((c) => c.dataset.eventToken)).toEqual(['t1', 't3']);
    expect(selectedToken()).toBe('t3');
  });

  it('Escape cancels an armed approve', async () => {
    const { user, socket } = setup();
    await user.keyboard('a{Escape}{Enter}');
    expect(socket.sent.some((f) => (f as { type: string }).type === 'approve')).toBe(false);
    expect(cards()).toHaveLength(3);
  });

  it('edits inline: e claims, Enter sends the edited text', async () => {
    const { user, socket } = setup();
    await user.keyboard('e');
    expect(socket.lastSent()).toMatchObject({ type: 'claim', event_token: 't1' });
    const editor = screen.getByLabelText(/Edited reply/);
    expect(editor).toHaveFocus();
    expect(editor).toHaveValue('Your order t1 ships tomorrow.');
    await user.clear(editor);
    await user.type(editor, 'It ships Friday.{Enter}');
    expect(socket.lastSent()).toMatchObject({ type: 'edit', event_token: 't1', text: 'It ships Friday.' });
    expect(cards().map((c) => c.dataset.eventToken)).toEqual(['t2', 't3']);
  });

  it('Escape in the editor cancels and releases the edit claim', async () => {
    const { user, socket, server } = setup();
    await user.keyboard('e');
    server({ type: 'ack', action_id: 'a1', result: 'ok' });
    await user.keyboard('{Escape}');
    expect(screen.queryByLabelText(/Edited reply/)).not.toBeInTheDocument();
    expect(socket.lastSent()).toMatchObject({ type: 'release', event_token: 't1' });
  });

  it('rejects with a reason typed after r', async () => {
    const { user, socket } = setup();
    await user.keyboard('jr');
    const input = screen.getByLabelText(/Reason for rejecting/);
    expect(input).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(socket.sent.some((f) => (f as { type: string }).type === 'reject')).toBe(false);
    await user.type(input, 'Wrong customer{Enter}');
    expect(socket.lastSent()).toMatchObject({ type: 'reject', event_token: 't2', reason: 'Wrong customer' });
    expect(cards()).toHaveLength(2);
  });

  it('puts a card back on conflict, showing who decided and what', async () => {
    const { user, server } = setup();
    await user.keyboard('a{Enter}');
    expect(cards().map((c) => c.dataset.eventToken)).toEqual(['t2', 't3']);
    server({ type: 'review.resolved', seq: 2, event_token: 't1', outcome: 'rejected', by: 'alice', text: 'not ours' });
    server({ type: 'ack', action_id: 'a1', result: 'conflict', state: 'rejected' });
    const back = cards().find((c) => c.dataset.eventToken === 't1');
    expect(back).toBeDefined();
    expect(within(back!).getByTestId('card-notice')).toHaveTextContent('Already rejected by alice.');
    expect(within(back!).getByTestId('card-notice')).toHaveTextContent('not ours');
    await user.click(within(back!).getByRole('button', { name: /Dismiss/ }));
    expect(cards().map((c) => c.dataset.eventToken)).toEqual(['t2', 't3']);
  });

  it('shows a claimed-by badge from review.claimed and drops it on review.released', () => {
    const { server } = setup();
    server({ type: 'review.claimed', seq: 2, event_token: 't2', by: 'bob', until: '2030-01-01T00:01:00Z' });
    const card = cards().find((c) => c.dataset.eventToken === 't2')!;
    expect(within(card).getByTestId('claim-badge')).toHaveTextContent('Claimed by bob until');
    server({ type: 'review.released', seq: 3, event_token: 't2' });
    expect(within(card).queryByTestId('claim-badge')).not.toBeInTheDocument();
  });

  it('shows reconnecting state after a drop', () => {
    const { socket } = setup();
    act(() => socket.serverClose(1006));
    expect(screen.getByTestId('connection-state')).toHaveAttribute('data-state', 'reconnecting');
    expect(screen.getByTestId('connection-state')).toHaveTextContent(/retrying/);
  });
});
