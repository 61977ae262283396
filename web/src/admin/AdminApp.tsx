import { useEffect, useId, useMemo, useState } from 'react';
import { clearToken, loadToken, saveToken } from '../lib/auth';
import { navigate } from '../ui/router';
import { SignIn } from '../ui/SignIn';
import { AccessPage } from './AccessPage';
import { AdminApi } from './admin_api';
import { AuditPage } from './AuditPage';
import { ConfigEditor } from './ConfigEditor';
import { Dashboard } from './Dashboard';

const pages = [
  { path: '/admin', label: 'Dashboard' },
  { path: '/admin/config', label: 'Configuration' },
  { path: '/admin/access', label: 'Secrets & access' },
  { path: '/admin/audit', label: 'Audit' },
];

const tenant_key = 'crmd.admin_tenant';

export function AdminApp({ path }: { path: string }) {
  const [token, setToken] = useState(() => loadToken('admin'));
  const [tenant, setTenant] = useState(() => sessionStorage.getItem(tenant_key) ?? 'default');
  const [tenants, setTenants] = useState<string[]>([]);
  const [authError, setAuthError] = useState<string | null>(null);
  const api = useMemo(() => (token ? new AdminApi(token) : null), [token]);
  const tenantId = useId();
  const [tenantDraft, setTenantDraft] = useState(tenant);
  const commitTenant = () => {
    const t = tenantDraft.trim();
    if (t) setTenant(t);
    else setTenantDraft(tenant);
  };

  useEffect(() => {
    if (!api) return;
    void api.listTenants().then((res) => {
      if (res.ok) setTenants((res.data.tenants ?? []).map((t) => t.id));
      else if (res.error.status === 401) {
        clearToken('admin');
        setToken(null);
        setAuthError(res.error.detail);
      }
    });
  }, [api]);

  useEffect(() => sessionStorage.setItem(tenant_key, tenant), [tenant]);

  if (!token || !api) {
    return (
      <SignIn
        title="Admin sign-in"
        label="Admin token"
        error={authError}
        onSubmit={(t) => {
          saveToken('admin', t);
          setAuthError(null);
          setToken(t);
        }}
      />
    );
  }

  const page = pages.find((p) => p.path === path) ?? pages[0];
  return (
    <div className="mx-auto max-w-7xl px-4 py-4">
      <header className="mb-4 flex flex-wrap items-center gap-3">
        <h1 className="text-xl font-semibold">crmd admin</h1>
        <nav aria-label="Admin pages">
          <ul className="flex flex-wrap gap-1">
            {pages.map((p) => (
              <li key={p.path}>
                <a
                  href={p.path}
                  aria-current={p === page ? 'page' : undefined}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate(p.path);
                  }}
                  className={`rounded px-3 py-1.5 text-sm ${p === page ? 'bg-blue-700 text-white' : 'hover:bg-slate-200'}`}
                >
                  {p.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="ml-auto flex items-center gap-2">
          <label htmlFor={tenantId} className="text-sm font-medium">
            Tenant
          </label>
          <input
            id={tenantId}
            list={`${tenantId}-list`}
            value={tenantDraft}
            onChange={(e) => setTenantDraft(e.target.value)}
            onBlur={commitTenant}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commitTenant();
            }}
            className="w-40 rounded border border-slate-400 px-2 py-1"
          />
          <datalist id={`${tenantId}-list`}>
            {tenants.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
          <button
            type="button"
            onClick={() => {
              clearToken('admin');
              setToken(null);
            }}
            className="rounded border border-slate-400 px-3 py-1 text-sm hover:bg-slate-100"
          >
            Sign out
          </button>
        </div>
      </header>
      <main>
        {page.path === '/admin' && <Dashboard />}
        {page.path === '/admin/config' && tenant && <ConfigEditor api={api} tenant={tenant} />}
        {page.path === '/admin/access' && tenant && <AccessPage api={api} tenant={tenant} />}
        {page.path === '/admin/audit' && <AuditPage api={api} tenant={tenant} />}
      </main>
    </div>
  );
}
