/// Same-origin JSON client for crmd's HTTP API; errors become values, never thrown strings.

/// The contract's error body: {"error": code, "detail": sentence, "field"?: path}.
export interface ApiError {
  status: number;
  code: string;
  detail: string;
  field?: string;
}

export type ApiResult<T> = { ok: true; status: number; data: T; headers: Headers } | { ok: false; error: ApiError };

export interface RequestOptions {
  method?: string;
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

/// Performs a request against a relative path and decodes JSON (204 gives `null`).
export async function apiRequest<T>(path: string, opts: RequestOptions = {}): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...opts.headers };
  if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res: Response;
  try {
    res = await fetch(path, { method: opts.method ?? 'GET', headers, body });
  } catch {
    return { ok: false, error: { status: 0, code: 'network_error', detail: 'The server could not be reached.' } };
  }
  const text = await res.text();
  let parsed: unknown = null;
  if (text.length > 0) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (res.ok) return { ok: true, status: res.status, data: parsed as T, headers: res.headers };
  return { ok: false, error: toApiError(res.status, parsed) };
}

function toApiError(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    return {
      status,
      code: typeof b.error === 'string' ? b.error : `http_${status}`,
      detail: typeof b.detail === 'string' ? b.detail : `The server answered ${status}.`,
      field: typeof b.field === 'string' ? b.field : undefined,
    };
  }
  return { status, code: `http_${status}`, detail: typeof body === 'string' && body ? body : `The server answered ${status}.` };
}

/// One line for a banner: the detail, with the code for support.
export function describeError(e: ApiError): string {
  return `${e.detail} (${e.code})`;
}
