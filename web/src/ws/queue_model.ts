/// The operator's view of the tenant's review queue: server truth plus optimistic local edits.
/// Pure data; the socket lives in review_client.ts.

import type { AckResult, ActionType, Review } from './protocol';

export interface Claim {
  by: string;
  until: string;
  mine: boolean;
}

/// Why a card came back after it had optimistically left the queue.
export interface Notice {
  kind: 'conflict' | 'error';
  message: string;
  /// For a conflict with someone else's decision: what they did.
  outcome?: string;
  by?: string;
  text?: string;
}

export interface Resolution {
  outcome: string;
  by: string;
  text?: string;
}

export interface PendingAction {
  action_id: string;
  type: ActionType;
  event_token: string;
  text?: string;
  reason?: string;
  /// The card as it was when the operator acted, so a conflict can put it back.
  review?: Review;
}

/// Lease the server grants a claim (API.md), used for our own badge until review.claimed says otherwise.
export const claim_lease_ms = 60_000;
/// Resolutions remembered to explain later conflicts; older ones are forgotten.
export const max_remembered_resolutions = 500;

const decisions: ReadonlySet<ActionType> = new Set(['approve', 'edit', 'reject']);

export function isDecision(t: ActionType): boolean {
  return decisions.has(t);
}

export class QueueModel {
  pending = new Map<string, Review>();
  /// Tokens that left the visible queue optimistically and await their ack.
  hidden = new Set<string>();
  /// Cards put back after a conflict with a decision that already resolved them.
  returned = new Map<string, Review>();
  notices = new Map<string, Notice>();
  claims = new Map<string, Claim>();
  resolutions = new Map<string, Resolution>();
  /// Tokens whose lease we hold (from an ok claim ack), with the local lease end.
  private mine_ = new Map<string, number>();

  constructor(private readonly now_: () => number) {}

  applySnapshot(reviews: Review[], outstanding: Iterable<PendingAction>): void {
    this.pending = new Map(reviews.map((r) => [r.event_token, r]));
    this.claims.clear();
    for (const r of reviews) {
      if (r.claimed_by && r.claimed_until) this.setClaim(r.event_token, r.claimed_by, r.claimed_until);
    }
    this.hidden.clear();
    for (const a of outstanding) if (isDecision(a.type)) this.hidden.add(a.event_token);
    for (const token of this.returned.keys()) if (this.pending.has(token)) this.returned.delete(token);
  }

  added(review: Review): void {
    this.pending.set(review.event_token, review);
    this.returned.delete(review.event_token);
  }

  resolved(token: string, res: Resolution): void {
    this.pending.delete(token);
    this.claims.delete(token);
    this.mine_.delete(token);
    this.resolutions.set(token, res);
    if (this.resolutions.size > max_remembered_resolutions) {
      const oldest = this.resolutions.keys().next().value;
      if (oldest !== undefined) this.resolutions.delete(oldest);
    }
  }

  claimed(token: string, by: string, until: string): void {
    this.setClaim(token, by, until);
  }

  released(token: string): void {
    this.claims.delete(token);
    this.mine_.delete(token);
  }

  /// Optimistic step when the operator acts.
  acted(a: PendingAction): void {
    if (isDecision(a.type)) {
      this.hidden.add(a.event_token);
      this.notices.delete(a.event_token);
      this.returned.delete(a.event_token);
    }
  }

  /// Reconciles an ack with the optimistic step taken by `acted`.
  acked(a: PendingAction, result: AckResult, state: string | undefined): void {
    const token = a.event_token;
    this.hidden.delete(token);
    if (result === 'ok' || result === 'duplicate') {
      if (isDecision(a.type)) {
        this.pending.delete(token);
        this.claims.delete(token);
        this.mine_.delete(token);
      } else if (a.type === 'claim') {
        const until = this.now_() + claim_lease_ms;
        this.mine_.set(token, until);
        this.claims.set(token, { by: 'you', until: new Date(until).toISOString(), mine: true });
      } else {
        this.mine_.delete(token);
        if (this.claims.get(token)?.mine) this.claims.delete(token);
      }
      return;
    }
    if (result === 'not_found') {
      this.pending.delete(token);
      this.notices.delete(token);
      return;
    }
    this.putBack(a, result, state);
  }

  private putBack(a: PendingAction, result: AckResult, state: string | undefined): void {
    const token = a.event_token;
    if (!this.pending.has(token) && a.review && isDecision(a.type)) this.returned.set(token, a.review);
    if (result === 'invalid') {
      this.notices.set(token, {
        kind: 'error',
        message: `The server refused to ${a.type} this review${state ? ` (it is ${state})` : ''}.`,
      });
      return;
    }
    const res = this.resolutions.get(token);
    const claim = this.claims.get(token);
    if (res && !this.pending.has(token)) {
      this.notices.set(token, {
        kind: 'conflict',
        message: `Already ${res.outcome} by ${res.by}.`,
        outcome: res.outcome,
        by: res.by,
        text: res.text,
      });
    } else if (claim && !claim.mine) {
      this.notices.set(token, {
        kind: 'conflict',
        message: `Claimed by ${claim.by} until ${formatTime(claim.until)}.`,
        by: claim.by,
      });
    } else {
      this.notices.set(token, {
        kind: 'conflict',
        message: `Another operator got there first${state ? ` (now ${state})` : ''}.`,
      });
    }
  }

  dismiss(token: string): void {
    this.returned.delete(token);
    this.notices.delete(token);
  }

  /// The cards the operator sees, oldest first: pending minus optimistic removals, plus put-backs.
  visible(): Review[] {
    const out: Review[] = [];
    for (const r of this.pending.values()) if (!this.hidden.has(r.event_token)) out.push(r);
    for (const r of this.returned.values()) if (!this.pending.has(r.event_token)) out.push(r);
    out.sort((x, y) => (x.created_at < y.created_at ? -1 : x.created_at > y.created_at ? 1 : x.event_token < y.event_token ? -1 : 1));
    return out;
  }

  private setClaim(token: string, by: string, until: string): void {
    const mineUntil = this.mine_.get(token);
    const mine = mineUntil !== undefined && mineUntil > this.now_();
    this.claims.set(token, { by: mine ? 'you' : by, until, mine });
  }
}

export function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
