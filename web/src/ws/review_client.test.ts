import { beforeEach, describe, expect, it } from 'vitest';
import { FakeSocket, ManualTimers } from '../test/fake_socket';
import { makeReview } from '../test/fixtures';
import { backoffDelay, close_resync, ReviewClient } from './review_client';

let timers: ManualTimers;
let ids = 0;

function makeClient(now = () => Date.parse('2030-01-01T00:00:00Z')) {
  return new ReviewClient({
    url: 'ws://test/ws',
    token: 'op-secret',
    createSocket: (url) => new FakeSocket(url),
    setTimer: timers.set,
    clearTimer: timers.clear,
    now,
    random: () => 1,
    newId: () => `act-${++ids}`,
  });
}

function liveClient(pending = [makeReview('t1'), makeReview('t2')], seq = 10) {
  const c = makeClient();
  c.start();
  FakeSocket.last().open();
  FakeSocket.last().receive({ type: 'snapshot', seq, pending });
  return c;
}

const tokens = (c: ReviewClient) => c.getState().reviews.map((r) => r.event_token);

beforeEach(() => {
  FakeSocket.reset();
  timers = new ManualTimers();
  ids = 0;
});

describe('ReviewClient', () => {
  it('sends hello with the token and last_seq 0 once the socket opens', () => {
    const c = makeClient();
    c.start();
    expect(c.getState().status).toBe('connecting');
    FakeSocket.last().open();
    expect(FakeSocket.last().sent).toEqual([{ type: 'hello', token: 'op-secret', last_seq: 0 }]);
    expect(c.getState().status).toBe('syncing');
  });

  it('becomes live on snapshot and shows its pending reviews', () => {
    const c = liveClient();
    expect(c.getState().status).toBe('live');
    expect(c.getState().lastSeq).toBe(10);
    expect(tokens(c)).toEqual(['t1', 't2']);
  });

  it('applies added, claimed, released and resolved events in seq order', () => {
    const c = liveClient();
    const s = FakeSocket.last();
    s.receive({ type: 'review.added', seq: 11, review: makeReview('t3') });
    expect(tokens(c)).toEqual(['t1', 't2', 't3']);
    s.receive({ type: 'review.claimed', seq: 12, event_token: 't3', by: 'bob', until: '2030-01-01T00:01:00Z' });
    expect(c.getState().claims.get('t3')).toEqual({ by: 'bob', until: '2030-01-01T00:01:00Z', mine: false });
    s.receive({ type: 'review.released', seq: 13, event_token: 't3' });
    expect(c.getState().claims.has('t3')).toBe(false);
    s.receive({ type: 'review.resolved', seq: 14, event_token: 't1', outcome: 'approved', by: 'bob' });
    expect(tokens(c)).toEqual(['t2', 't3']);
    expect(c.getState().lastSeq).toBe(14);
  });

  it('ignores events it has already seen and malformed frames', () => {
    const c = liveClient();
    const s = FakeSocket.last();
    s.receive({ type: 'review.added', seq: 10, review: makeReview('old') });
    s.receiveRaw('{not json');
    s.receive({ type: 'review.added', review: makeReview('noseq') });
    s.receive({ type: 'mystery', seq: 11 });
    expect(tokens(c)).toEqual(['t1', 't2']);
    expect(c.getState().lastSeq).toBe(10);
  });

  it('resyncs on a seq gap by reconnecting with hello{last_seq}', () => {
    const c = liveClient();
    const first = FakeSocket.last();
    first.receive({ type: 'review.added', seq: 13, review: makeReview('t9') });
    expect(first.closedWith).toBe(close_resync);
    expect(tokens(c)).not.toContain('t9');
    const second = FakeSocket.last();
    expect(second).not.toBe(first);
    second.open();
    expect(second.sent).toEqual([{ type: 'hello', token: 'op-secret', last_seq: 10 }]);
    second.receive({ type: 'snapshot', seq: 13, pending: [makeReview('t2'), makeReview('t9')] });
    expect(tokens(c)).toEqual(['t2', 't9']);
    expect(c.getState().lastSeq).toBe(13);
  });

  it('reconnects with growing backoff after a drop and resumes from last_seq', () => {
    const c = liveClient();
    FakeSocket.last().receive({ type: 'review.added', seq: 11, review: makeReview('t3') });
    FakeSocket.last().serverClose(1006);
    expect(c.getState().status).toBe('reconnecting');
    expect(timers.delays()).toEqual([backoffDelay(0, () => 1)]);
    timers.runAll();
    FakeSocket.last().serverClose(1006);
    expect(timers.delays()).toEqual([backoffDelay(1, () => 1)]);
    expect(backoffDelay(1, () => 1)).toBeGreaterThan(backoffDelay(0, () => 1));
    timers.runAll();
    const s = FakeSocket.last();
    s.open();
    expect(s.sent[0]).toEqual({ type: 'hello', token: 'op-secret', last_seq: 11 });
    s.receive({ type: 'snapshot', seq: 11, pending: [makeReview('t3')] });
    expect(c.getState().status).toBe('live');
    expect(c.getState().attempt).toBe(0);
  });

  it('resyncs after the server closes a slow client with 1013', () => {
    const c = liveClient();
    FakeSocket.last().serverClose(1013);
    expect(c.getState().status).toBe('reconnecting');
    timers.runAll();
    FakeSocket.last().open();
    expect(FakeSocket.last().sent[0]).toMatchObject({ type: 'hello', last_seq: 10 });
  });

  it('stops and reports a refused token on close 1008', () => {
    const c = makeClient();
    c.start();
    FakeSocket.last().open();
    FakeSocket.last().serverClose(1008);
    expect(c.getState().status).toBe('unauthorized');
    expect(c.getState().banner).toMatch(/refused the operator token/);
    expect(timers.pending.size).toBe(0);
  });

  it('caps the backoff', () => {
    expect(backoffDelay(50, () => 1)).toBe(30_000);
    expect(backoffDelay(0, () => 0)).toBe(250);
  });

  it('removes a decided card at once and keeps it out on an ok ack', () => {
    const c = liveClient();
    const id = c.act('approve', 't1');
    expect(FakeSocket.last().lastSent()).toEqual({ type: 'approve', event_token: 't1', action_id: id });
    expect(tokens(c)).toEqual(['t2']);
    FakeSocket.last().receive({ type: 'ack', action_id: id, result: 'ok', state: 'approved' });
    expect(tokens(c)).toEqual(['t2']);
  });

  it('sends edit text and reject reason', () => {
    const c = liveClient();
    c.act('edit', 't1', { text: 'New words' });
    expect(FakeSocket.last().lastSent()).toMatchObject({ type: 'edit', event_token: 't1', text: 'New words' });
    c.act('reject', 't2', { reason: 'wrong order' });
    expect(FakeSocket.last().lastSent()).toMatchObject({ type: 'reject', event_token: 't2', reason: 'wrong order' });
  });

  it('puts a card back on conflict, naming who decided and what', () => {
    const c = liveClient();
    const id = c.act('approve', 't1');
    const s = FakeSocket.last();
    s.receive({ type: 'review.resolved', seq: 11, event_token: 't1', outcome: 'edited', by: 'alice', text: 'Her words' });
    s.receive({ type: 'ack', action_id: id, result: 'conflict', state: 'edited' });
    expect(tokens(c)).toEqual(['t1', 't2']);
    expect(c.getState().notices.get('t1')).toMatchObject({ kind: 'conflict', by: 'alice', outcome: 'edited', text: 'Her words' });
    c.dismiss('t1');
    expect(tokens(c)).toEqual(['t2']);
  });

  it('puts a card back when someone else holds the lease', () => {
    const c = liveClient();
    const s = FakeSocket.last();
    s.receive({ type: 'review.claimed', seq: 11, event_token: 't1', by: 'bob', until: '2030-01-01T00:01:00Z' });
    const id = c.act('reject', 't1', { reason: 'no' });
    expect(tokens(c)).toEqual(['t2']);
    s.receive({ type: 'ack', action_id: id, result: 'conflict', state: 'pending_review' });
    expect(tokens(c)).toEqual(['t1', 't2']);
    expect(c.getState().notices.get('t1')?.message).toMatch(/Claimed by bob/);
  });

  it('puts a card back with a clear message on invalid, and drops it on not_found', () => {
    const c = liveClient();
    const bad = c.act('edit', 't1', { text: '' });
    FakeSocket.last().receive({ type: 'ack', action_id: bad, result: 'invalid', state: 'pending_review' });
    expect(tokens(c)).toContain('t1');
    expect(c.getState().notices.get('t1')).toMatchObject({ kind: 'error' });
    const gone = c.act('approve', 't2');
    FakeSocket.last().receive({ type: 'ack', action_id: gone, result: 'not_found' });
    expect(tokens(c)).toEqual(['t1']);
    expect(c.getState().banner).toMatch(/no longer exists/);
  });

  it('marks its own claim as mine and keeps it mine when the broadcast echoes it', () => {
    const c = liveClient();
    const id = c.act('claim', 't1');
    const s = FakeSocket.last();
    s.receive({ type: 'ack', action_id: id, result: 'ok', state: 'pending_review' });
    expect(c.getState().claims.get('t1')?.mine).toBe(true);
    s.receive({ type: 'review.claimed', seq: 11, event_token: 't1', by: 'op-7', until: '2030-01-01T00:01:00Z' });
    expect(c.getState().claims.get('t1')).toMatchObject({ by: 'you', mine: true });
    const rel = c.act('release', 't1');
    s.receive({ type: 'ack', action_id: rel, result: 'ok' });
    expect(c.getState().claims.has('t1')).toBe(false);
  });

  it('resends unacknowledged actions with the same action_id after reconnecting', () => {
    const c = liveClient();
    const id = c.act('approve', 't1');
    FakeSocket.last().serverClose(1006);
    timers.runAll();
    const s = FakeSocket.last();
    s.open();
    s.receive({ type: 'snapshot', seq: 10, pending: [makeReview('t1'), makeReview('t2')] });
    expect(s.sent).toContainEqual({ type: 'approve', event_token: 't1', action_id: id });
    expect(tokens(c)).toEqual(['t2']);
    s.receive({ type: 'ack', action_id: id, result: 'duplicate', state: 'approved' });
    expect(tokens(c)).toEqual(['t2']);
  });

  it('stop closes the socket and does not reconnect', () => {
    const c = liveClient();
    const s = FakeSocket.last();
    c.stop();
    expect(s.closedWith).toBe(1000);
    expect(c.getState().status).toBe('closed');
    expect(timers.pending.size).toBe(0);
  });
});
