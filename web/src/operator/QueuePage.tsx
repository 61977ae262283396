import { useCallback, useEffect, useRef, useState } from 'react';
import { useNow, useStore, type Store } from '../ui/hooks';
import type { ActionType } from '../ws/protocol';
import type { QueueState } from '../ws/review_client';
import { ConnectionBadge } from './ConnectionBadge';
import type { CardMode } from './ReviewActions';
import { ReviewCard } from './ReviewCard';

/// What the queue page needs from the WebSocket client (ReviewClient implements it).
export interface QueueClient extends Store<QueueState> {
  act(type: ActionType, event_token: string, extra?: { text?: string; reason?: string }): string;
  dismiss(event_token: string): void;
  clearBanner(): void;
}

/// Renew an edit lease well inside the server's 60 s lease.
export const claim_renew_ms = 30_000;

function typingInto(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable;
}

export function QueuePage({ client, onSignOut }: { client: QueueClient; onSignOut: () => void }) {
  const state = useStore(client);
  const now = useNow(1000);
  const reviews = state.reviews;
  const [selected, setSelected] = useState<string | null>(null);
  const [mode, setMode] = useState<{ token: string; kind: CardMode } | null>(null);
  const lastIndex = useRef(0);
  const cardRefs = useRef(new Map<string, HTMLElement>());
  const claimedForEdit = useRef<string | null>(null);

  // Keep a selection: when the selected card leaves, select the one that took its place.
  let index = reviews.findIndex((r) => r.event_token === selected);
  if (index < 0 && reviews.length > 0) index = Math.min(lastIndex.current, reviews.length - 1);
  const current = index >= 0 ? reviews[index] : undefined;
  useEffect(() => {
    lastIndex.current = Math.max(0, index);
    if (current && current.event_token !== selected) setSelected(current.event_token);
  });

  const modeFor = (token: string): CardMode => (mode && mode.token === token ? mode.kind : 'idle');

  const select = useCallback(
    (i: number) => {
      const r = reviews[i];
      if (!r) return;
      setSelected(r.event_token);
      setMode(null);
      const el = cardRefs.current.get(r.event_token);
      if (el && !typingInto(document.activeElement)) {
        el.focus({ preventScroll: true });
        el.scrollIntoView?.({ block: 'nearest' });
      }
    },
    [reviews],
  );

  const releaseEditClaim = (token: string) => {
    if (claimedForEdit.current === token) {
      claimedForEdit.current = null;
      client.act('release', token);
    }
  };

  const startEdit = (token: string) => {
    setSelected(token);
    setMode({ token, kind: 'edit' });
    if (!state.claims.get(token)?.mine) {
      client.act('claim', token);
      claimedForEdit.current = token;
    }
  };

  const cancel = (token: string) => {
    if (mode?.kind === 'edit') releaseEditClaim(token);
    setMode(null);
    cardRefs.current.get(token)?.focus({ preventScroll: true });
  };

  const decide = (type: 'approve' | 'edit' | 'reject', token: string, extra?: { text?: string; reason?: string }) => {
    if (claimedForEdit.current === token) claimedForEdit.current = null;
    setMode(null);
    client.act(type, token, extra);
  };

  // While the inline editor is open, renew the lease so others keep seeing the badge.
  const editing = mode?.kind === 'edit' ? mode.token : null;
  useEffect(() => {
    if (!editing) return;
    const id = setInterval(() => client.act('claim', editing), claim_renew_ms);
    return () => clearInterval(id);
  }, [editing, client]);

  const toggleClaim = (token: string) => {
    client.act(state.claims.get(token)?.mine ? 'release' : 'claim', token);
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typingInto(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      const token = current?.event_token;
      const kind = token ? modeFor(token) : 'idle';
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          select(Math.min(reviews.length - 1, index + 1));
          break;
        case 'k':
        case 'ArrowUp':
          select(Math.max(0, index - 1));
          break;
        case 'a':
          if (token) setMode({ token, kind: 'confirm-approve' });
          break;
        case 'Enter':
          if (token && kind === 'confirm-approve') decide('approve', token);
          else return;
          break;
        case 'e':
          if (token) startEdit(token);
          break;
        case 'r':
          if (token) setMode({ token, kind: 'reject' });
          break;
        case 'c':
          if (token) toggleClaim(token);
          break;
        case 'x':
          if (token && state.notices.has(token)) client.dismiss(token);
          break;
        case 'Escape':
          if (token && kind !== 'idle') cancel(token);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <div className="mx-auto max-w-5xl px-4 py-4">
      <header className="mb-4 flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">Review queue</h1>
        <span className="text-sm text-slate-700" aria-live="polite">
          {reviews.length} pending
        </span>
        <ConnectionBadge status={state.status} attempt={state.attempt} retryAt={state.retryAt} now={now} />
        <button type="button" onClick={onSignOut} className="ml-auto rounded border border-slate-400 px-3 py-1 text-sm hover:bg-slate-100">
          Sign out
        </button>
      </header>
      <p className="mb-3 text-sm text-slate-700">
        Keys: <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>a</kbd> approve · <kbd>e</kbd> edit · <kbd>r</kbd> reject · <kbd>Enter</kbd> confirm ·{' '}
        <kbd>c</kbd> claim/release · <kbd>Esc</kbd> cancel
      </p>
      {state.banner && (
        <div role="alert" className="mb-3 flex items-center gap-2 rounded bg-amber-50 p-2 text-sm text-amber-900">
          <span>{state.banner}</span>
          <button type="button" className="ml-auto underline" onClick={() => client.clearBanner()}>
            Dismiss
          </button>
        </div>
      )}
      {reviews.length === 0 ? (
        <p className="rounded border border-dashed border-slate-400 p-8 text-center text-slate-700">
          {state.status === 'live' ? 'Nothing to review.' : 'Waiting for the server…'}
        </p>
      ) : (
        <ul aria-label="Pending reviews" className="space-y-3">
          {reviews.map((r, i) => (
            <li key={r.event_token}>
              <ReviewCard
                ref={(el) => {
                  if (el) cardRefs.current.set(r.event_token, el);
                  else cardRefs.current.delete(r.event_token);
                }}
                review={r}
                selected={i === index}
                mode={modeFor(r.event_token)}
                claim={state.claims.get(r.event_token)}
                notice={state.notices.get(r.event_token)}
                now={now}
                onSelect={() => setSelected(r.event_token)}
                onArmApprove={() => setMode({ token: r.event_token, kind: 'confirm-approve' })}
                onConfirmApprove={() => decide('approve', r.event_token)}
                onStartEdit={() => startEdit(r.event_token)}
                onSubmitEdit={(text) => decide('edit', r.event_token, { text })}
                onStartReject={() => setMode({ token: r.event_token, kind: 'reject' })}
                onSubmitReject={(reason) => decide('reject', r.event_token, { reason })}
                onCancel={() => cancel(r.event_token)}
                onToggleClaim={() => toggleClaim(r.event_token)}
                onDismiss={() => client.dismiss(r.event_token)}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
