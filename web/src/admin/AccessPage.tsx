import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { describeError } from '../lib/api';
import type { AdminApi, SecretInfo } from './admin_api';
import { OneTimeSecret } from './OneTimeSecret';

const card = 'space-y-3 rounded-lg border border-slate-300 bg-white p-4';
const inputCls = 'w-full rounded border border-slate-400 px-2 py-1.5';
const btn = 'rounded bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800 disabled:opacity-50';

function Msg({ text, error }: { text: string | null; error?: boolean }) {
  if (!text) return null;
  return (
    <p role={error ? 'alert' : 'status'} className={`text-sm ${error ? 'text-red-800' : 'text-green-800'}`}>
      {text}
    </p>
  );
}

export function SecretsPanel({ api, tenant }: { api: AdminApi; tenant: string }) {
  const [list, setList] = useState<SecretInfo[]>([]);
  const [name, setName] = useState('');
  const [value, setValue] = useState('');
  const [msg, setMsg] = useState<{ text: string; error: boolean } | null>(null);
  const nameId = useId();
  const valueId = useId();

  const refresh = useCallback(async () => {
    const res = await api.listSecrets(tenant);
    if (res.ok) setList(res.data.secrets ?? []);
    else setMsg({ text: describeError(res.error), error: true });
  }, [api, tenant]);
  useEffect(() => void refresh(), [refresh]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await api.putSecret(tenant, name.trim(), value);
    setValue(''); // write-only: the value leaves the page either way
    if (res.ok) {
      setMsg({ text: `Secret ${name.trim()} saved.`, error: false });
      setName('');
      void refresh();
    } else setMsg({ text: describeError(res.error), error: true });
  };

  return (
    <section aria-labelledby={`${nameId}-h`} className={card}>
      <h2 id={`${nameId}-h`} className="font-semibold">
        Secrets
      </h2>
      <table className="w-full text-left text-sm">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Updated</th>
          </tr>
        </thead>
        <tbody>
          {list.map((s) => (
            <tr key={s.name} className="border-t border-slate-200">
              <td className="py-1 font-mono">{s.name}</td>
              <td>{s.updated_at ?? '—'}</td>
            </tr>
          ))}
          {list.length === 0 && (
            <tr>
              <td colSpan={2} className="py-1 text-slate-600">
                No secrets set.
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <form onSubmit={submit} className="grid gap-2 md:grid-cols-[1fr_1fr_auto] md:items-end">
        <div>
          <label htmlFor={nameId} className="block text-sm font-medium">
            Secret name
          </label>
          <input id={nameId} value={name} onChange={(e) => setName(e.target.value)} className={inputCls} list={`${nameId}-names`} />
          <datalist id={`${nameId}-names`}>
            {list.map((s) => (
              <option key={s.name} value={s.name} />
            ))}
          </datalist>
        </div>
        <div>
          <label htmlFor={valueId} className="block text-sm font-medium">
            New value (write-only)
          </label>
          <input id={valueId} type="password" autoComplete="new-password" value={value} onChange={(e) => setValue(e.target.value)} className={inputCls} />
        </div>
        <button type="submit" className={btn} disabled={!name.trim() || !value}>
          Set secret
        </button>
      </form>
      <Msg text={msg?.text ?? null} error={msg?.error} />
    </section>
  );
}

export function OperatorsPanel({ api, tenant }: { api: AdminApi; tenant: string }) {
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ operator_id: string; token: string } | null>(null);
  const [revokeId, setRevokeId] = useState('');
  const [msg, setMsg] = useState<{ text: string; error: boolean } | null>(null);
  const id = useId();

  const create = async (e: FormEvent) => {
    e.preventDefault();
    const res = await api.createOperator(tenant, name.trim());
    if (res.ok) {
      setCreated(res.data);
      setMsg({ text: `Operator ${name.trim()} created with id ${res.data.operator_id}.`, error: false });
      setName('');
    } else setMsg({ text: describeError(res.error), error: true });
  };

  const revoke = async (e: FormEvent) => {
    e.preventDefault();
    const target = revokeId.trim();
    if (!window.confirm(`Revoke operator ${target}? Their live sessions close.`)) return;
    const res = await api.revokeOperator(target);
    if (res.ok) {
      setMsg({ text: `Operator ${target} revoked.`, error: false });
      setRevokeId('');
    } else setMsg({ text: describeError(res.error), error: true });
  };

  return (
    <section aria-labelledby={`${id}-h`} className={card}>
      <h2 id={`${id}-h`} className="font-semibold">
        Operators
      </h2>
      <form onSubmit={create} className="flex flex-wrap items-end gap-2">
        <div className="grow">
          <label htmlFor={`${id}-name`} className="block text-sm font-medium">
            New operator name
          </label>
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} className={inputCls} />
        </div>
        <button type="submit" className={btn} disabled={!name.trim()}>
          Create operator
        </button>
      </form>
      {created && <OneTimeSecret label={`Operator token for ${created.operator_id}`} value={created.token} onDone={() => setCreated(null)} />}
      <form onSubmit={revoke} className="flex flex-wrap items-end gap-2">
        <div className="grow">
          <label htmlFor={`${id}-revoke`} className="block text-sm font-medium">
            Operator id to revoke
          </label>
          <input id={`${id}-revoke`} value={revokeId} onChange={(e) => setRevokeId(e.target.value)} className={inputCls} />
        </div>
        <button type="submit" className="rounded bg-red-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-red-800 disabled:opacity-50" disabled={!revokeId.trim()}>
          Revoke
        </button>
      </form>
      <Msg text={msg?.text ?? null} error={msg?.error} />
    </section>
  );
}

export function IngestKeysPanel({ api, tenant }: { api: AdminApi; tenant: string }) {
  const [name, setName] = useState('');
  const [created, setCreated] = useState<{ key_id: string; key: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const id = useId();

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const res = await api.createIngestKey(tenant, name.trim());
    if (res.ok) {
      setCreated(res.data);
      setName('');
    } else setError(describeError(res.error));
  };

  return (
    <section aria-labelledby={`${id}-h`} className={card}>
      <h2 id={`${id}-h`} className="font-semibold">
        Ingest keys
      </h2>
      <form onSubmit={create} className="flex flex-wrap items-end gap-2">
        <div className="grow">
          <label htmlFor={`${id}-name`} className="block text-sm font-medium">
            New key name
          </label>
          <input id={`${id}-name`} value={name} onChange={(e) => setName(e.target.value)} className={inputCls} />
        </div>
        <button type="submit" className={btn} disabled={!name.trim()}>
          Create ingest key
        </button>
      </form>
      {created && <OneTimeSecret label={`Ingest key ${created.key_id}`} value={created.key} onDone={() => setCreated(null)} />}
      <Msg text={error} error />
    </section>
  );
}

export function AccessPage({ api, tenant }: { api: AdminApi; tenant: string }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <SecretsPanel api={api} tenant={tenant} />
      <div className="space-y-4">
        <OperatorsPanel api={api} tenant={tenant} />
        <IngestKeysPanel api={api} tenant={tenant} />
      </div>
    </div>
  );
}
