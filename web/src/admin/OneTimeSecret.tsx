/// A credential the server shows once: displayed until dismissed, never stored or logged.
export function OneTimeSecret({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  return (
    <div role="alert" className="space-y-2 rounded border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950">
      <p className="font-medium">{label} — copy it now, it will not be shown again.</p>
      <input readOnly aria-label={label} value={value} onFocus={(e) => e.target.select()} className="w-full rounded border border-amber-400 bg-white px-2 py-1 font-mono" />
      <div className="flex gap-2">
        <button type="button" className="rounded border border-amber-600 px-2 py-1" onClick={() => void navigator.clipboard?.writeText(value)}>
          Copy
        </button>
        <button type="button" className="rounded border border-amber-600 px-2 py-1" onClick={onDone}>
          Done
        </button>
      </div>
    </div>
  );
}
