/// Reading and writing config fields by path, and placing server field errors on the form.

import type { TenantConfig } from './admin_api';

export function getPath(obj: TenantConfig, path: string): unknown {
  let cur: unknown = obj;
  for (const key of path.split('.')) {
    if (!cur || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/// A copy of `obj` with `path` (dot-separated object keys) set to `value`.
export function setPath(obj: TenantConfig, path: string, value: unknown): TenantConfig {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) return { ...obj, [head]: value };
  const child = obj[head];
  const base = child && typeof child === 'object' && !Array.isArray(child) ? (child as TenantConfig) : {};
  return { ...obj, [head]: setPath(base, rest.join('.'), value) };
}

/// The form field that shows an error naming `field`: the field itself or its nearest parent
/// (`forbidden_topics[3]` → `forbidden_topics`, `llm.nope` → `llm`), or null if none is on the form.
export function errorTarget(field: string, known: ReadonlySet<string>): string | null {
  let f = field;
  for (;;) {
    if (known.has(f)) return f;
    const cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
    if (cut <= 0) return null;
    f = f.slice(0, cut);
  }
}

/// Lists typed one per line: the server gets trimmed, non-empty entries.
export function cleanList(v: unknown): string[] {
  return Array.isArray(v) ? v.map((s) => String(s).trim()).filter((s) => s !== '') : [];
}

export interface IntentRule {
  intent: string;
  keywords: string[];
  reply: string;
}

export function asRules(v: unknown): IntentRule[] {
  if (!Array.isArray(v)) return [];
  return v.map((r) => {
    const o = (r ?? {}) as Record<string, unknown>;
    return {
      intent: typeof o.intent === 'string' ? o.intent : '',
      keywords: Array.isArray(o.keywords) ? o.keywords.map(String) : [],
      reply: typeof o.reply === 'string' ? o.reply : '',
    };
  });
}

/// The config as PUT expects it: unknown fields kept, list fields cleaned.
export function toPayload(cfg: TenantConfig, listPaths: readonly string[]): TenantConfig {
  let out = cfg;
  for (const p of listPaths) if (getPath(out, p) !== undefined) out = setPath(out, p, cleanList(getPath(out, p)));
  if (Array.isArray(out.intent_rules)) {
    out = {
      ...out,
      intent_rules: asRules(out.intent_rules).map((r) => ({ intent: r.intent.trim(), keywords: cleanList(r.keywords), reply: r.reply })),
    };
  }
  return out;
}
