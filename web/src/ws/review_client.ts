/// Operator WebSocket client: hello → snapshot → live events, gap detection, resync and
/// reconnect with backoff. Framework-free so it can be driven by a fake socket in tests.

import { isDecision, QueueModel, type Claim, type Notice, type PendingAction } from './queue_model';
import { parseServerFrame, type ActionFrame, type ActionType, type ClientFrame, type Review, type SeqFrame, type ServerFrame } from './protocol';

export type ConnectionStatus = 'idle' | 'connecting' | 'syncing' | 'live' | 'reconnecting' | 'unauthorized' | 'closed';

/// The part of the browser WebSocket this client uses.
export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: Event) => void) | null;
  onmessage: ((ev: MessageEvent) => void) | null;
  onclose: ((ev: CloseEvent) => void) | null;
  onerror: ((ev: Event) => void) | null;
}

export interface ClientDeps {
  url: string;
  token: string;
  createSocket?: (url: string) => SocketLike;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
  now?: () => number;
  random?: () => number;
  newId?: () => string;
}

export interface QueueState {
  status: ConnectionStatus;
  lastSeq: number;
  /// Reconnect attempts since the last snapshot.
  attempt: number;
  /// When the next reconnect is due (ms since epoch), while reconnecting.
  retryAt: number | null;
  reviews: Review[];
  claims: ReadonlyMap<string, Claim>;
  notices: ReadonlyMap<string, Notice>;
  /// Queue-wide message (an action on a vanished review, a refused token).
  banner: string | null;
}

/// Close code the server uses for a bad token (policy violation).
export const close_unauthorized = 1008;
/// Close code we use when we drop our own socket to resync after a gap.
export const close_resync = 4000;
export const backoff_base_ms = 500;
export const backoff_cap_ms = 30_000;
/// Decisions and claims kept for resend while disconnected; beyond this the oldest is dropped.
export const max_outstanding_actions = 256;

const socket_open = 1;

export function backoffDelay(attempt: number, random: () => number): number {
  const raw = Math.min(backoff_cap_ms, backoff_base_ms * 2 ** Math.min(attempt, 16));
  return Math.round(raw * (0.5 + random() / 2));
}

export class ReviewClient {
  private socket_: SocketLike | null = null;
  private status_: ConnectionStatus = 'idle';
  private lastSeq_ = 0;
  private attempt_ = 0;
  private retryAt_: number | null = null;
  private retryTimer_: unknown = null;
  private banner_: string | null = null;
  private readonly model_: QueueModel;
  private readonly outstanding_ = new Map<string, PendingAction>();
  private readonly listeners_ = new Set<() => void>();
  private state_: QueueState;
  private readonly d_: Required<ClientDeps>;

  constructor(deps: ClientDeps) {
    this.d_ = {
      createSocket: (url) => new WebSocket(url) as unknown as SocketLike,
      setTimer: (fn, ms) => setTimeout(fn, ms),
      clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
      now: () => Date.now(),
      random: Math.random,
      newId: () => (globalThis.crypto?.randomUUID ? globalThis.crypto.randomUUID() : `${Date.now()}-${Math.random()}`),
      ...deps,
    };
    this.model_ = new QueueModel(this.d_.now);
    this.state_ = this.buildState();
  }

  getState = (): QueueState => this.state_;

  subscribe = (fn: () => void): (() => void) => {
    this.listeners_.add(fn);
    return () => this.listeners_.delete(fn);
  };

  start(): void {
    if (this.status_ !== 'idle' && this.status_ !== 'closed') return;
    this.connect('connecting');
  }

  stop(): void {
    this.cancelRetry();
    this.drop();
    this.status_ = 'closed';
    this.emit();
  }

  /// Sends a decision or lease action; decisions leave the visible queue at once.
  act(type: ActionType, event_token: string, extra: { text?: string; reason?: string } = {}): string {
    const action_id = this.d_.newId();
    const review = this.model_.pending.get(event_token) ?? this.model_.returned.get(event_token);
    const a: PendingAction = { action_id, type, event_token, review, ...extra };
    this.outstanding_.set(action_id, a);
    if (this.outstanding_.size > max_outstanding_actions) {
      const oldest = this.outstanding_.keys().next().value;
      if (oldest !== undefined) this.outstanding_.delete(oldest);
    }
    this.model_.acted(a);
    if (this.status_ === 'live') this.sendAction(a);
    this.emit();
    return action_id;
  }

  dismiss(event_token: string): void {
    this.model_.dismiss(event_token);
    this.emit();
  }

  clearBanner(): void {
    this.banner_ = null;
    this.emit();
  }

  private connect(status: ConnectionStatus): void {
    this.retryAt_ = null;
    this.status_ = status;
    const s = this.d_.createSocket(this.d_.url);
    this.socket_ = s;
    s.onopen = () => {
      this.status_ = 'syncing';
      this.send({ type: 'hello', token: this.d_.token, last_seq: this.lastSeq_ });
      this.emit();
    };
    s.onmessage = (ev) => this.onFrame(parseServerFrame(ev.data));
    s.onclose = (ev) => this.onClose(ev.code);
    s.onerror = () => {
      /* onclose follows and decides what to do */
    };
    this.emit();
  }

  private onClose(code: number): void {
    this.socket_ = null;
    if (code === close_unauthorized) {
      this.status_ = 'unauthorized';
      this.banner_ = 'The server refused the operator token. Sign in again.';
      this.emit();
      return;
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = backoffDelay(this.attempt_, this.d_.random);
    this.attempt_ += 1;
    this.status_ = 'reconnecting';
    this.retryAt_ = this.d_.now() + delay;
    this.retryTimer_ = this.d_.setTimer(() => {
      this.retryTimer_ = null;
      this.connect('connecting');
    }, delay);
    this.emit();
  }

  private cancelRetry(): void {
    if (this.retryTimer_ !== null) this.d_.clearTimer(this.retryTimer_);
    this.retryTimer_ = null;
    this.retryAt_ = null;
  }

  /// Closes our socket without triggering the reconnect path.
  private drop(code = 1000): void {
    const s = this.socket_;
    this.socket_ = null;
    if (!s) return;
    s.onopen = null;
    s.onmessage = null;
    s.onclose = null;
    s.onerror = null;
    s.close(code);
  }

  /// A gap in `seq` means missed events: start over from hello{last_seq} on a fresh socket.
  private resync(): void {
    this.drop(close_resync);
    this.connect('syncing');
  }

  private onFrame(f: ServerFrame | null): void {
    if (!f) return;
    if (f.type === 'snapshot') {
      this.lastSeq_ = f.seq;
      this.attempt_ = 0;
      this.status_ = 'live';
      this.model_.applySnapshot(f.pending, this.outstanding_.values());
      for (const a of this.outstanding_.values()) this.sendAction(a);
    } else if (f.type === 'ack') {
      const a = this.outstanding_.get(f.action_id);
      if (!a) return;
      this.outstanding_.delete(f.action_id);
      if (f.result === 'not_found' && isDecision(a.type)) {
        this.banner_ = `Review ${a.event_token} no longer exists (it expired or was removed).`;
      }
      this.model_.acked(a, f.result, f.state);
    } else {
      if (this.status_ !== 'live') return;
      if (f.seq <= this.lastSeq_) return;
      if (f.seq !== this.lastSeq_ + 1) {
        this.resync();
        return;
      }
      this.lastSeq_ = f.seq;
      this.applyEvent(f);
    }
    this.emit();
  }

  private applyEvent(f: SeqFrame): void {
    switch (f.type) {
      case 'review.added':
        this.model_.added(f.review);
        break;
      case 'review.resolved':
        this.model_.resolved(f.event_token, { outcome: f.outcome, by: f.by, text: f.text });
        break;
      case 'review.claimed':
        this.model_.claimed(f.event_token, f.by, f.until);
        break;
      case 'review.released':
        this.model_.released(f.event_token);
        break;
    }
  }

  private sendAction(a: PendingAction): void {
    const frame: ActionFrame = { type: a.type, event_token: a.event_token, action_id: a.action_id };
    if (a.text !== undefined) frame.text = a.text;
    if (a.reason !== undefined) frame.reason = a.reason;
    this.send(frame);
  }

  private send(frame: ClientFrame): void {
    if (this.socket_ && this.socket_.readyState === socket_open) this.socket_.send(JSON.stringify(frame));
  }

  private buildState(): QueueState {
    return {
      status: this.status_,
      lastSeq: this.lastSeq_,
      attempt: this.attempt_,
      retryAt: this.retryAt_,
      reviews: this.model_.visible(),
      claims: new Map(this.model_.claims),
      notices: new Map(this.model_.notices),
      banner: this.banner_,
    };
  }

  private emit(): void {
    this.state_ = this.buildState();
    for (const fn of this.listeners_) fn();
  }
}

/// ws:// or wss:// URL of `/ws` on the page's own origin.
export function defaultSocketUrl(loc: Location = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}/ws`;
}
