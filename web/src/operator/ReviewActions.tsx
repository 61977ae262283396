import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import type { Review } from '../ws/protocol';
import type { Claim } from '../ws/queue_model';
import type { CardHandlers } from './ReviewCard';

export type CardMode = 'idle' | 'confirm-approve' | 'edit' | 'reject';

interface Props extends CardHandlers {
  review: Review;
  mode: CardMode;
  claim?: Claim;
}

const btn = 'rounded px-3 py-1.5 text-sm font-medium focus-visible:ring-2 focus-visible:ring-blue-700';

/// The card's action row, the inline editor and the reject-reason form.
export function ReviewActions(p: Props) {
  const { review: r, mode } = p;
  const editorId = useId();
  const reasonId = useId();
  const [text, setText] = useState(r.draft);
  const [reason, setReason] = useState('');
  const inputRef = useRef<HTMLTextAreaElement & HTMLInputElement>(null);

  useEffect(() => {
    if (mode === 'edit') setText(r.draft);
    if (mode === 'reject') setReason('');
    if (mode === 'edit' || mode === 'reject') inputRef.current?.focus();
  }, [mode, r.draft]);

  const keys = (submit: () => void) => (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      p.onCancel();
    } else if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      submit();
    }
  };

  if (mode === 'edit') {
    const submit = () => {
      if (text.trim()) p.onSubmitEdit(text);
    };
    return (
      <div className="mt-3 space-y-2">
        <label htmlFor={editorId} className="block text-sm font-medium">
          Edited reply (Enter to send, Shift+Enter for a new line, Esc to cancel)
        </label>
        <textarea
          id={editorId}
          ref={inputRef}
          rows={4}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={keys(submit)}
          className="w-full rounded border border-slate-400 p-2"
        />
        <div className="flex gap-2">
          <button type="button" className={`${btn} bg-blue-700 text-white`} onClick={submit} disabled={!text.trim()}>
            Send edited reply
          </button>
          <button type="button" className={`${btn} border border-slate-400`} onClick={p.onCancel}>
            Cancel
          </button>
        </div>
      </div>
    );
  }

  if (mode === 'reject') {
    const submit = () => {
      if (reason.trim()) p.onSubmitReject(reason.trim());
    };
    return (
      <div className="mt-3 space-y-2">
        <label htmlFor={reasonId} className="block text-sm font-medium">
          Reason for rejecting (Enter to confirm, Esc to cancel)
        </label>
        <input
          id={reasonId}
          ref={inputRef}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          onKeyDown={keys(submit)}
          className="w-full rounded border border-slate-400 p-2"
        />
        <div className="flex gap-2">
          <button type="button" className={`${btn} bg-red-700 text-white`} onClick={submit} disabled={!reason.trim()}>
            Reject
          </button>
          <button type="button" className={`${btn} border border-slate-400`} onClick={p.onCancel}>
            Cancel
          </button>
        </div>
      </div>
    );
  }

  if (mode === 'confirm-approve') {
    return (
      <div role="alert" className="mt-3 flex flex-wrap items-center gap-2 rounded bg-green-50 p-2 text-sm text-green-900">
        <span>Send this draft? Press Enter to approve, Esc to cancel.</span>
        <button type="button" className={`${btn} bg-green-700 text-white`} onClick={p.onConfirmApprove}>
          Confirm approve
        </button>
        <button type="button" className={`${btn} border border-slate-400`} onClick={p.onCancel}>
          Cancel
        </button>
      </div>
    );
  }

  const mine = p.claim?.mine ?? false;
  return (
    <div className="mt-3 flex flex-wrap gap-2">
      <button type="button" className={`${btn} bg-green-700 text-white hover:bg-green-800`} onClick={p.onArmApprove} aria-keyshortcuts="a">
        Approve <kbd aria-hidden="true" className="ml-1 opacity-80">a</kbd>
      </button>
      <button type="button" className={`${btn} bg-blue-700 text-white hover:bg-blue-800`} onClick={p.onStartEdit} aria-keyshortcuts="e">
        Edit <kbd aria-hidden="true" className="ml-1 opacity-80">e</kbd>
      </button>
      <button type="button" className={`${btn} bg-red-700 text-white hover:bg-red-800`} onClick={p.onStartReject} aria-keyshortcuts="r">
        Reject <kbd aria-hidden="true" className="ml-1 opacity-80">r</kbd>
      </button>
      <button type="button" className={`${btn} border border-slate-400 hover:bg-slate-100`} onClick={p.onToggleClaim} aria-keyshortcuts="c">
        {mine ? 'Release' : 'Claim'} <kbd aria-hidden="true" className="ml-1 opacity-80">c</kbd>
      </button>
    </div>
  );
}
