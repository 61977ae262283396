import type { AuditRecord } from '../lib/audit_query';

function show(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.length ? v.join(', ') : '—';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/// Every field of one audit record, the hashes in full.
export function AuditDetail({ record, onClose }: { record: AuditRecord; onClose: () => void }) {
  return (
    <section aria-label={`Audit record ${record.seq}`} className="space-y-2 self-start rounded-lg border border-slate-300 bg-white p-4">
      <div className="flex items-center">
        <h2 className="font-semibold">Record {record.seq}</h2>
        <button type="button" onClick={onClose} className="ml-auto rounded border border-slate-400 px-2 py-0.5 text-sm">Close</button>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        {Object.entries(record).map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="font-medium text-slate-700">{k}</dt>
            <dd className={`break-all ${k.endsWith('hash') ? 'font-mono text-xs' : 'whitespace-pre-wrap'}`}>{show(v)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
