import { useId, useState, type FormEvent } from 'react';
import { describeError } from '../lib/api';
import type { AdminApi, ScreenResult } from './admin_api';

/// Dry run of the guardrails (POST /v1/screen): no side effects on the server.
export function TryIt({ api, tenant }: { api: AdminApi; tenant: string }) {
  const id = useId();
  const [text, setText] = useState('');
  const [result, setResult] = useState<ScreenResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    setError(null);
    const res = await api.screen(tenant, text);
    setBusy(false);
    if (res.ok) setResult(res.data);
    else {
      setResult(null);
      setError(describeError(res.error));
    }
  };

  return (
    <aside aria-label="Try it" className="space-y-3 self-start rounded-lg border border-slate-300 bg-white p-4">
      <h2 className="font-semibold">Try it</h2>
      <form onSubmit={run} className="space-y-2">
        <label htmlFor={id} className="block text-sm font-medium">
          Customer message to screen (saved config)
        </label>
        <textarea id={id} rows={3} value={text} onChange={(e) => setText(e.target.value)} className="w-full rounded border border-slate-400 p-2" />
        <button type="submit" disabled={busy} className="rounded bg-blue-700 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50">
          {busy ? 'Screening…' : 'Screen'}
        </button>
      </form>
      {error && (
        <p role="alert" className="text-sm text-red-800">
          {error}
        </p>
      )}
      {result && (
        <dl data-testid="screen-result" className="space-y-1 text-sm">
          <dt className="font-medium">Classification</dt>
          <dd>{result.classification}</dd>
          <dt className="font-medium">Categories</dt>
          <dd>{result.categories.length ? result.categories.join(', ') : '—'}</dd>
          <dt className="font-medium">Triggered keywords</dt>
          <dd>{result.triggered_keywords.length ? result.triggered_keywords.join(', ') : '—'}</dd>
          <dt className="font-medium">Response</dt>
          <dd>{result.response ?? 'none (passes to drafting)'}</dd>
        </dl>
      )}
    </aside>
  );
}
