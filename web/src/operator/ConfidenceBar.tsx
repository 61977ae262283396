/// Confidence (0-100) as a labelled meter; colour follows how close it is to auto-send.
export function ConfidenceBar({ value }: { value: number }) {
  const v = Math.max(0, Math.min(100, Math.round(value)));
  const colour = v >= 80 ? 'bg-green-600' : v >= 50 ? 'bg-amber-500' : 'bg-red-600';
  return (
    <div className="flex items-center gap-2">
      <div
        role="meter"
        aria-label="Confidence"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={v}
        className="h-2.5 w-32 overflow-hidden rounded bg-slate-200"
      >
        <div className={`h-full ${colour}`} style={{ width: `${v}%` }} />
      </div>
      <span className="text-sm tabular-nums">{v}%</span>
    </div>
  );
}
