/// "12:05" style remaining time until `iso`, or "expired".
export function countdown(iso: string, now: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'unknown';
  const s = Math.floor((t - now) / 1000);
  if (s <= 0) return 'expired';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h > 0 ? `${h}:${mm}:${ss}` : `${m}:${ss}`;
}

export const reasonLabels: Record<string, string> = {
  low_confidence: 'Low confidence',
  draft_flagged: 'Draft flagged',
  llm_overloaded: 'LLM overloaded',
  llm_error: 'LLM error',
  unsupported_type: 'Unsupported message type',
  human_takeover: 'Human takeover',
};
