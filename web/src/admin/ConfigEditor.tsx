import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { describeError } from '../lib/api';
import type { AdminApi, TenantConfig } from './admin_api';
import { ConfigForm, Field, IntentRulesField, Section } from './ConfigFields';
import { knownPaths, listPaths, sections } from './config_layout';
import { errorTarget, setPath, toPayload } from './config_paths';
import { TryIt } from './TryIt';

type Banner = { kind: 'ok' | 'error' | 'conflict'; text: string } | null;

export function ConfigEditor({ api, tenant }: { api: AdminApi; tenant: string }) {
  const [cfg, setCfg] = useState<TenantConfig | null>(null);
  const [version, setVersion] = useState<number | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [banner, setBanner] = useState<Banner>(null);
  const [saving, setSaving] = useState(false);

  const load = useCallback(async () => {
    setBanner(null);
    setErrors({});
    const res = await api.getTenant(tenant);
    if (!res.ok) {
      setCfg(null);
      setBanner({ kind: 'error', text: describeError(res.error) });
      return;
    }
    setCfg(res.data.config);
    setVersion(res.data.version);
  }, [api, tenant]);

  useEffect(() => {
    void load();
  }, [load]);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (!cfg) return;
    setSaving(true);
    setErrors({});
    setBanner(null);
    const res = await api.putTenant(tenant, toPayload(cfg, listPaths), version);
    setSaving(false);
    if (res.ok) {
      setCfg(res.data.config);
      setVersion(res.data.version);
      setBanner({ kind: 'ok', text: `Saved as version ${res.data.version}.` });
      return;
    }
    const err = res.error;
    if (err.status === 409) {
      setBanner({ kind: 'conflict', text: 'Someone else changed this tenant since you loaded it. Reload to see their version, then make your change again.' });
      return;
    }
    if (err.field) {
      const target = errorTarget(err.field, knownPaths(cfg));
      if (target) {
        setErrors({ [target]: target === err.field ? err.detail : `${err.field}: ${err.detail}` });
        setBanner({ kind: 'error', text: `Not saved: fix the field marked below (${err.field}).` });
        requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-field="${CSS.escape(target)}"]`)?.focus());
        return;
      }
      setBanner({ kind: 'error', text: `Not saved: ${err.field}: ${err.detail}` });
      return;
    }
    setBanner({ kind: 'error', text: `Not saved: ${describeError(err)}` });
  };

  const set = (path: string, value: unknown) => {
    setCfg((c) => (c ? setPath(c, path, value) : c));
    setErrors((e) => {
      if (!e[path]) return e;
      const { [path]: _gone, ...rest } = e;
      return rest;
    });
  };

  const bannerClass = banner?.kind === 'ok' ? 'bg-green-50 text-green-900' : banner?.kind === 'conflict' ? 'bg-amber-50 text-amber-900' : 'bg-red-50 text-red-900';

  return (
    <div className="grid gap-6 lg:grid-cols-[1fr_20rem]">
      <form onSubmit={save} aria-label="Tenant configuration" className="space-y-4" noValidate>
        <div className="flex flex-wrap items-center gap-3">
          <h2 className="text-lg font-semibold">Configuration of {tenant}</h2>
          {version !== null && <span className="text-sm text-slate-700">version {version}</span>}
          <button type="button" onClick={() => void load()} className="ml-auto rounded border border-slate-400 px-3 py-1 text-sm hover:bg-slate-100">
            Reload
          </button>
          <button type="submit" disabled={!cfg || saving} className="rounded bg-blue-700 px-4 py-1.5 font-medium text-white hover:bg-blue-800 disabled:opacity-50">
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
        {banner && (
          <p role={banner.kind === 'ok' ? 'status' : 'alert'} data-testid="config-banner" className={`rounded p-2 text-sm ${bannerClass}`}>
            {banner.text}
          </p>
        )}
        {cfg && (
          <ConfigForm.Provider value={{ cfg, set, errors }}>
            {sections.map((s) => (
              <Section key={s.title} title={s.title}>
                <div className="grid gap-3 md:grid-cols-2">
                  {s.fields.map((f) => (
                    <Field key={f.path} {...f} />
                  ))}
                </div>
              </Section>
            ))}
            <Section title="Intent rules">
              <IntentRulesField />
            </Section>
          </ConfigForm.Provider>
        )}
      </form>
      <TryIt api={api} tenant={tenant} />
    </div>
  );
}
