import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { describeError } from '../lib/api';
import { emptyFilters, type AuditFilters, type AuditRecord, type AuditVerify } from '../lib/audit_query';
import type { AdminApi } from './admin_api';
import { AuditDetail } from './AuditDetail';

const states = ['received', 'screened', 'blocked', 'out_of_scope', 'drafting', 'drafted', 'auto_approved', 'pending_review', 'approved', 'edited', 'rejected', 'expired', 'sent', 'send_failed', 'delivery_status'];
const statuses = ['Passed', 'Blocked', 'Latency_Violation'];
const inputCls = 'w-full rounded border border-slate-400 px-2 py-1.5';

export function AuditPage({ api, tenant }: { api: AdminApi; tenant: string }) {
  const [filters, setFilters] = useState<AuditFilters>({ ...emptyFilters, tenant });
  const [records, setRecords] = useState<AuditRecord[]>([]);
  const [next, setNext] = useState<number | null>(null);
  const [pageStart, setPageStart] = useState<string[]>([]);
  const [selected, setSelected] = useState<AuditRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [verify, setVerify] = useState<AuditVerify | null>(null);
  const id = useId();

  const run = useCallback(
    async (f: AuditFilters) => {
      setError(null);
      const res = await api.audit(f);
      if (!res.ok) {
        setError(describeError(res.error));
        return;
      }
      setRecords(res.data.records ?? []);
      setNext(res.data.next_since_seq ?? null);
      setSelected(null);
    },
    [api],
  );

  useEffect(() => {
    const f = { ...emptyFilters, tenant };
    setFilters(f);
    setPageStart([]);
    void run(f);
  }, [tenant, run]);

  const field = (key: keyof AuditFilters) => ({
    id: `${id}-${key}`,
    value: filters[key],
    onChange: (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [key]: e.target.value })),
    className: inputCls,
  });
  const label = (key: keyof AuditFilters, text: string) => (
    <label htmlFor={`${id}-${key}`} className="block text-sm font-medium">
      {text}
    </label>
  );

  const search = (e: FormEvent) => {
    e.preventDefault();
    setPageStart([]);
    void run(filters);
  };
  const nextPage = () => {
    if (next === null) return;
    setPageStart((p) => [...p, filters.since_seq]);
    const f = { ...filters, since_seq: String(next) };
    setFilters(f);
    void run(f);
  };
  const prevPage = () => {
    const prev = pageStart[pageStart.length - 1] ?? '';
    setPageStart((p) => p.slice(0, -1));
    const f = { ...filters, since_seq: prev };
    setFilters(f);
    void run(f);
  };
  const runVerify = async () => {
    setVerify(null);
    const res = await api.verifyAudit();
    if (res.ok) setVerify(res.data);
    else setError(describeError(res.error));
  };

  return (
    <div className="space-y-4">
      <form onSubmit={search} aria-label="Audit filters" className="grid gap-3 rounded-lg border border-slate-300 bg-white p-4 sm:grid-cols-2 lg:grid-cols-4">
        <div>{label('tenant', 'Tenant')}<input {...field('tenant')} /></div>
        <div>{label('client_id', 'Client')}<input {...field('client_id')} /></div>
        <div>{label('event_token', 'Event token')}<input {...field('event_token')} /></div>
        <div>
          {label('classification', 'Classification')}
          <select {...field('classification')}>
            <option value="">any</option>
            <option value="security_violation">security_violation</option>
            <option value="out_of_scope">out_of_scope</option>
            <option value="in_scope">in_scope</option>
          </select>
        </div>
        <div>
          {label('status', 'Status')}
          <input {...field('status')} list={`${id}-statuses`} />
          <datalist id={`${id}-statuses`}>{statuses.map((s) => <option key={s} value={s} />)}</datalist>
        </div>
        <div>
          {label('state', 'State')}
          <select {...field('state')}>
            <option value="">any</option>
            {states.map((s) => <option key={s} value={s}>{s}</option>)}
          </select>
        </div>
        <div>{label('since_seq', 'After seq')}<input {...field('since_seq')} inputMode="numeric" /></div>
        <div>{label('limit', 'Page size')}<input {...field('limit')} inputMode="numeric" /></div>
        <div className="flex flex-wrap gap-2 sm:col-span-2 lg:col-span-4">
          <button type="submit" className="rounded bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800">Search</button>
          <button type="button" onClick={prevPage} disabled={pageStart.length === 0} className="rounded border border-slate-400 px-3 py-1.5 text-sm disabled:opacity-50">Previous page</button>
          <button type="button" onClick={nextPage} disabled={next === null} className="rounded border border-slate-400 px-3 py-1.5 text-sm disabled:opacity-50">Next page</button>
          <button type="button" onClick={() => void runVerify()} className="ml-auto rounded border border-slate-400 px-3 py-1.5 text-sm">Verify chain</button>
        </div>
      </form>
      {error && <p role="alert" className="rounded bg-red-50 p-2 text-sm text-red-900">{error}</p>}
      {verify && (
        <p role="status" data-testid="verify-result" className={`rounded p-2 text-sm ${verify.ok ? 'bg-green-50 text-green-900' : 'bg-red-50 text-red-900'}`}>
          {verify.ok
            ? `Chain intact: ${verify.records} records, head ${verify.head_hash}.`
            : `Chain BROKEN at seq ${verify.first_bad_seq ?? '?'} (${verify.records} records checked, head ${verify.head_hash}).`}
        </p>
      )}
      <div className="grid gap-4 lg:grid-cols-[1fr_24rem]">
        <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Audit records, oldest first</caption>
            <thead className="bg-slate-100">
              <tr>{['Seq', 'At', 'Client', 'State', 'Classification', 'Status'].map((h) => <th key={h} scope="col" className="px-2 py-1">{h}</th>)}</tr>
            </thead>
            <tbody>
              {records.map((r) => (
                <tr key={r.seq} className={`border-t border-slate-200 ${selected?.seq === r.seq ? 'bg-blue-50' : ''}`}>
                  <td className="px-2 py-1">
                    <button type="button" className="font-mono text-blue-800 underline" onClick={() => setSelected(r)} aria-label={`Show record ${r.seq}`}>{r.seq}</button>
                  </td>
                  <td className="px-2 py-1 whitespace-nowrap">{r.at}</td>
                  <td className="px-2 py-1">{r.client_id}</td>
                  <td className="px-2 py-1">{r.state}</td>
                  <td className="px-2 py-1">{r.classification ?? ''}</td>
                  <td className="px-2 py-1">{r.status ?? ''}</td>
                </tr>
              ))}
              {records.length === 0 && <tr><td colSpan={6} className="px-2 py-4 text-center text-slate-600">No records match.</td></tr>}
            </tbody>
          </table>
        </div>
        {selected && <AuditDetail record={selected} onClose={() => setSelected(null)} />}
      </div>
    </div>
  );
}
