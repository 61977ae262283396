/// Filters of the audit browser and the GET /admin/audit query they produce.

export interface AuditFilters {
  tenant: string;
  client_id: string;
  event_token: string;
  classification: string;
  status: string;
  state: string;
  since_seq: string;
  limit: string;
}

export const emptyFilters: AuditFilters = {
  tenant: '',
  client_id: '',
  event_token: '',
  classification: '',
  status: '',
  state: '',
  since_seq: '',
  limit: '50',
};

const order: (keyof AuditFilters)[] = ['tenant', 'client_id', 'event_token', 'classification', 'status', 'state', 'since_seq', 'limit'];

/// `/admin/audit?…` with only the filters that are set, trimmed and URL-encoded.
export function auditQuery(f: AuditFilters): string {
  const params = new URLSearchParams();
  for (const key of order) {
    const v = f[key].trim();
    if (v !== '') params.set(key, v);
  }
  const qs = params.toString();
  return qs ? `/admin/audit?${qs}` : '/admin/audit';
}

export interface AuditRecord {
  seq: number;
  at: string;
  tenant: string;
  client_id: string;
  event_token: string;
  state: string;
  input_message?: string;
  output_message?: string;
  intent?: string;
  classification?: string;
  confidence?: number;
  latency_ms?: number;
  tokens_used?: number;
  status?: string;
  reasoning?: string;
  triggered_keywords?: string[];
  config_version?: number;
  prev_hash?: string;
  hash?: string;
  [extra: string]: unknown;
}

export interface AuditPage {
  records: AuditRecord[];
  next_since_seq: number | null;
}

export interface AuditVerify {
  ok: boolean;
  records: number;
  head_hash: string;
  first_bad_seq?: number;
}
