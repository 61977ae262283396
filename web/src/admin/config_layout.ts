/// The tenant config form: which fields, in which sections (fields from docs/config.md).

import type { TenantConfig } from './admin_api';
import type { Kind } from './ConfigFields';

export interface FieldSpec {
  path: string;
  label: string;
  kind?: Kind;
  hint?: string;
}

export const sections: { title: string; fields: FieldSpec[] }[] = [
  {
    title: 'Identity',
    fields: [
      { path: 'name', label: 'Name' },
      { path: 'language', label: 'Language', hint: 'BCP 47 tag, e.g. en or pt-BR.' },
      { path: 'tone', label: 'Tone' },
    ],
  },
  {
    title: 'Replies',
    fields: [
      { path: 'neutral_response', label: 'Neutral response', kind: 'textarea', hint: 'Sent for security violations; never quotes the message.' },
      { path: 'out_of_scope_response', label: 'Out-of-scope response', kind: 'textarea' },
    ],
  },
  {
    title: 'Restricted domains',
    fields: [
      { path: 'restricted.political', label: 'Political', kind: 'bool' },
      { path: 'restricted.legal', label: 'Legal advice', kind: 'bool' },
      { path: 'restricted.medical', label: 'Medical advice', kind: 'bool' },
      { path: 'restricted.injection', label: 'Prompt injection', kind: 'bool' },
    ],
  },
  {
    title: 'Topics and phrases',
    fields: [
      { path: 'forbidden_topics', label: 'Forbidden topics', kind: 'list', hint: 'One word or phrase a line; a match makes a message out of scope.' },
      { path: 'allow_phrases', label: 'Allow-phrases', kind: 'list', hint: 'One a line; these never trip a rule (e.g. court shoes).' },
    ],
  },
  {
    title: 'Thresholds',
    fields: [
      { path: 'auto_send_threshold', label: 'Auto-send threshold (0-100)', kind: 'number' },
      { path: 'latency_budget_ms', label: 'Latency budget (ms)', kind: 'number' },
      { path: 'review_ttl_s', label: 'Review time-to-live (s)', kind: 'number' },
    ],
  },
  {
    title: 'LLM',
    fields: [
      { path: 'llm.base_url', label: 'Base URL', hint: 'Empty: the built-in responder answers.' },
      { path: 'llm.model', label: 'Model' },
      { path: 'llm.api_key_secret', label: 'API key secret name' },
      { path: 'llm.timeout_ms', label: 'Timeout (ms)', kind: 'number' },
      { path: 'llm.max_in_flight', label: 'Max in flight', kind: 'number' },
    ],
  },
  {
    title: 'WhatsApp',
    fields: [
      { path: 'whatsapp.phone_number_id', label: 'Phone number id' },
      { path: 'whatsapp.graph_base_url', label: 'Graph API base URL' },
      { path: 'whatsapp.app_secret_secret', label: 'App secret — secret name' },
      { path: 'whatsapp.access_token_secret', label: 'Access token — secret name' },
      { path: 'whatsapp.verify_token_secret', label: 'Verify token — secret name' },
    ],
  },
  {
    title: 'Outbound webhook',
    fields: [{ path: 'outbound_webhook', label: 'Outbound webhook URL', hint: 'For /v1 tenants: receives outgoing messages, signed.' }],
  },
];

export const listPaths = sections.flatMap((s) => s.fields.filter((f) => f.kind === 'list').map((f) => f.path));

/// Every path the form can show an error on, for the current number of intent rules.
export function knownPaths(cfg: TenantConfig): Set<string> {
  const out = new Set<string>(['intent_rules']);
  for (const s of sections) for (const f of s.fields) out.add(f.path);
  const n = Array.isArray(cfg.intent_rules) ? cfg.intent_rules.length : 0;
  for (let i = 0; i < n; i++) {
    out.add(`intent_rules[${i}]`);
    for (const k of ['intent', 'keywords', 'reply']) out.add(`intent_rules[${i}].${k}`);
  }
  return out;
}
