/// Frames of the operator WebSocket (`/ws`), as documented in API.md.

export type ReviewReason =
  | 'low_confidence'
  | 'draft_flagged'
  | 'llm_overloaded'
  | 'llm_error'
  | 'unsupported_type'
  | 'human_takeover'
  | string;

/// One turn of the customer's conversation; optional on a review.
export interface RecentTurn {
  role?: string;
  text: string;
  at?: string;
}

export interface Review {
  event_token: string;
  customer_id: string;
  input_message: string;
  draft: string;
  intent: string;
  classification: string;
  confidence: number;
  reasoning: string;
  reason: ReviewReason;
  created_at: string;
  expires_at: string;
  version: number;
  /// Not in every server build: shown only when present.
  triggered_keywords?: string[];
  recent?: RecentTurn[];
  /// A lease already held when the snapshot was taken (optional).
  claimed_by?: string;
  claimed_until?: string;
}

export type Decision = 'approve' | 'edit' | 'reject';
export type LeaseAction = 'claim' | 'release';
export type ActionType = Decision | LeaseAction;
export type AckResult = 'ok' | 'duplicate' | 'conflict' | 'not_found' | 'invalid';

export interface HelloFrame {
  type: 'hello';
  token: string;
  last_seq: number;
}

export interface ActionFrame {
  type: ActionType;
  event_token: string;
  action_id: string;
  text?: string;
  reason?: string;
}

export type ClientFrame = HelloFrame | ActionFrame;

export type ServerFrame =
  | { type: 'snapshot'; seq: number; pending: Review[] }
  | { type: 'review.added'; seq: number; review: Review }
  | { type: 'review.resolved'; seq: number; event_token: string; outcome: string; by: string; text?: string }
  | { type: 'review.claimed'; seq: number; event_token: string; by: string; until: string }
  | { type: 'review.released'; seq: number; event_token: string }
  | { type: 'ack'; action_id: string; result: AckResult; state?: string };

/// Tenant events carry a `seq`; acks and snapshots are handled apart.
export type SeqFrame = Extract<ServerFrame, { type: 'review.added' | 'review.resolved' | 'review.claimed' | 'review.released' }>;

/// Decodes one text frame; unknown or malformed frames give null and are ignored.
export function parseServerFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  let v: unknown;
  try {
    v = JSON.parse(data);
  } catch {
    return null;
  }
  if (!v || typeof v !== 'object') return null;
  const f = v as Record<string, unknown>;
  switch (f.type) {
    case 'snapshot':
      return typeof f.seq === 'number' && Array.isArray(f.pending) ? (f as unknown as ServerFrame) : null;
    case 'review.added':
      return typeof f.seq === 'number' && f.review && typeof f.review === 'object' ? (f as unknown as ServerFrame) : null;
    case 'review.resolved':
    case 'review.claimed':
    case 'review.released':
      return typeof f.seq === 'number' && typeof f.event_token === 'string' ? (f as unknown as ServerFrame) : null;
    case 'ack':
      return typeof f.action_id === 'string' && typeof f.result === 'string' ? (f as unknown as ServerFrame) : null;
    default:
      return null;
  }
}
