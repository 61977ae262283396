import { forwardRef } from 'react';
import type { Claim, Notice } from '../ws/queue_model';
import { formatTime } from '../ws/queue_model';
import type { Review } from '../ws/protocol';
import { ConfidenceBar } from './ConfidenceBar';
import { countdown, reasonLabels } from './format';
import { ReviewActions, type CardMode } from './ReviewActions';

export interface CardHandlers {
  onSelect: () => void;
  onArmApprove: () => void;
  onConfirmApprove: () => void;
  onStartEdit: () => void;
  onSubmitEdit: (text: string) => void;
  onStartReject: () => void;
  onSubmitReject: (reason: string) => void;
  onCancel: () => void;
  onToggleClaim: () => void;
  onDismiss: () => void;
}

interface Props extends CardHandlers {
  review: Review;
  selected: boolean;
  mode: CardMode;
  claim?: Claim;
  notice?: Notice;
  now: number;
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{label}</dt>
      <dd className="mt-0.5">{children}</dd>
    </div>
  );
}

export const ReviewCard = forwardRef<HTMLElement, Props>(function ReviewCard(props, ref) {
  const { review: r, selected, claim, notice, now } = props;
  const headingId = `review-${r.event_token}-heading`;
  const left = countdown(r.expires_at, now);
  return (
    <article
      ref={ref}
      tabIndex={-1}
      data-testid="review-card"
      data-event-token={r.event_token}
      aria-labelledby={headingId}
      aria-current={selected ? 'true' : undefined}
      onClick={props.onSelect}
      className={`rounded-lg border bg-white p-4 shadow-sm ${selected ? 'border-blue-700 ring-2 ring-blue-700' : 'border-slate-300'}`}
    >
      <header className="flex flex-wrap items-center gap-2">
        <h2 id={headingId} className="font-semibold">
          Customer {r.customer_id}
        </h2>
        <span className="rounded bg-slate-100 px-2 py-0.5 text-xs">{r.intent || 'no intent'}</span>
        <span className="rounded bg-amber-50 px-2 py-0.5 text-xs text-amber-900">{reasonLabels[r.reason] ?? r.reason}</span>
        {claim && (
          <span data-testid="claim-badge" className={`rounded px-2 py-0.5 text-xs ${claim.mine ? 'bg-blue-100 text-blue-900' : 'bg-purple-100 text-purple-900'}`}>
            Claimed by {claim.by} until {formatTime(claim.until)}
          </span>
        )}
        <span className="ml-auto text-sm tabular-nums" aria-label={`Expires in ${left}`}>
          ⏱ {left}
        </span>
      </header>

      {notice && (
        <div role="alert" data-testid="card-notice" className={`mt-3 rounded p-2 text-sm ${notice.kind === 'conflict' ? 'bg-purple-50 text-purple-900' : 'bg-red-50 text-red-900'}`}>
          <p>{notice.message}</p>
          {notice.text && <p className="mt-1 italic">“{notice.text}”</p>}
          {(
            <button type="button" className="mt-1 underline" onClick={props.onDismiss}>
              Dismiss (x)
            </button>
          )}
        </div>
      )}

      <dl className="mt-3 grid gap-3 md:grid-cols-2">
        <Field label="Customer message">
          <p className="whitespace-pre-wrap">{r.input_message}</p>
        </Field>
        <Field label="Draft reply">
          <p className="whitespace-pre-wrap">{r.draft}</p>
        </Field>
        <Field label="Confidence">
          <ConfidenceBar value={r.confidence} />
        </Field>
        <Field label="Classification">{r.classification}</Field>
        {r.reasoning && (
          <Field label="Reasoning">
            <p className="text-sm text-slate-700">{r.reasoning}</p>
          </Field>
        )}
        {r.triggered_keywords && r.triggered_keywords.length > 0 && (
          <Field label="Triggered keywords">
            <ul className="flex flex-wrap gap-1" aria-label="Triggered keywords">
              {r.triggered_keywords.map((k) => (
                <li key={k} className="rounded bg-red-50 px-2 py-0.5 text-xs text-red-900">
                  {k}
                </li>
              ))}
            </ul>
          </Field>
        )}
      </dl>

      {r.recent && r.recent.length > 0 && (
        <section aria-label="Recent turns" className="mt-3 border-t border-slate-200 pt-2">
          <h3 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">Recent turns</h3>
          <ol className="mt-1 space-y-1 text-sm">
            {r.recent.map((t, i) => (
              <li key={i} className={t.role === 'customer' || t.role === 'user' ? '' : 'pl-6 text-slate-600'}>
                <span className="font-medium">{t.role ?? 'turn'}:</span> {t.text}
              </li>
            ))}
          </ol>
        </section>
      )}

      <ReviewActions {...props} />
    </article>
  );
});
