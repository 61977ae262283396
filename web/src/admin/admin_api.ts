/// Typed calls of crmd's admin API (all with the admin bearer token).

import { apiRequest, type ApiResult } from '../lib/api';
import { auditQuery, type AuditFilters, type AuditPage, type AuditVerify } from '../lib/audit_query';

export type TenantConfig = Record<string, unknown>;

export interface TenantDoc {
  id: string;
  version: number;
  config: TenantConfig;
}

export interface SecretInfo {
  name: string;
  updated_at?: string;
}

export interface ScreenResult {
  classification: string;
  categories: string[];
  triggered_keywords: string[];
  response: string | null;
  config_version?: number;
}

const seg = encodeURIComponent;

export class AdminApi {
  constructor(private readonly token_: string) {}

  listTenants(): Promise<ApiResult<{ tenants: { id: string; version: number }[] }>> {
    return apiRequest('/admin/tenants', { token: this.token_ });
  }

  getTenant(id: string): Promise<ApiResult<TenantDoc>> {
    return apiRequest(`/admin/tenants/${seg(id)}`, { token: this.token_ });
  }

  putTenant(id: string, config: TenantConfig, version: number | null): Promise<ApiResult<TenantDoc>> {
    const headers: Record<string, string> = {};
    if (version !== null) headers['If-Match'] = `"${version}"`;
    return apiRequest(`/admin/tenants/${seg(id)}`, { method: 'PUT', token: this.token_, body: config, headers });
  }

  screen(tenant: string, text: string): Promise<ApiResult<ScreenResult>> {
    return apiRequest('/v1/screen', { method: 'POST', token: this.token_, body: { tenant, text } });
  }

  listSecrets(id: string): Promise<ApiResult<{ secrets: SecretInfo[] }>> {
    return apiRequest(`/admin/tenants/${seg(id)}/secrets`, { token: this.token_ });
  }

  putSecret(id: string, name: string, value: string): Promise<ApiResult<null>> {
    return apiRequest(`/admin/tenants/${seg(id)}/secrets/${seg(name)}`, { method: 'PUT', token: this.token_, body: { value } });
  }

  createOperator(id: string, name: string): Promise<ApiResult<{ operator_id: string; token: string }>> {
    return apiRequest(`/admin/tenants/${seg(id)}/operators`, { method: 'POST', token: this.token_, body: { name } });
  }

  revokeOperator(operatorId: string): Promise<ApiResult<null>> {
    return apiRequest(`/admin/operators/${seg(operatorId)}`, { method: 'DELETE', token: this.token_ });
  }

  createIngestKey(id: string, name: string): Promise<ApiResult<{ key_id: string; key: string }>> {
    return apiRequest(`/admin/tenants/${seg(id)}/ingest-keys`, { method: 'POST', token: this.token_, body: { name } });
  }

  audit(filters: AuditFilters): Promise<ApiResult<AuditPage>> {
    return apiRequest(auditQuery(filters), { token: this.token_ });
  }

  verifyAudit(): Promise<ApiResult<AuditVerify>> {
    return apiRequest('/admin/audit/verify', { token: this.token_ });
  }
}
