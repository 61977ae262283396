import { createContext, useContext, useId, type ReactNode } from 'react';
import type { TenantConfig } from './admin_api';
import { asRules, getPath, type IntentRule } from './config_paths';

export interface FormCtx {
  cfg: TenantConfig;
  set: (path: string, value: unknown) => void;
  /// Error text by form path (after errorTarget mapping).
  errors: Record<string, string>;
}

export const ConfigForm = createContext<FormCtx | null>(null);

function useForm(): FormCtx {
  const c = useContext(ConfigForm);
  if (!c) throw new Error('ConfigForm missing');
  return c;
}

export type Kind = 'text' | 'textarea' | 'number' | 'bool' | 'list';

const input = 'w-full rounded border px-2 py-1.5 aria-[invalid=true]:border-red-700 border-slate-400';

export function Field({ path, label, kind = 'text', hint }: { path: string; label: string; kind?: Kind; hint?: string }) {
  const { cfg, set, errors } = useForm();
  const id = useId();
  const err = errors[path];
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const describedBy = [err ? errId : '', hint ? hintId : ''].filter(Boolean).join(' ') || undefined;
  const v = getPath(cfg, path);
  const common = {
    id,
    name: path,
    'data-field': path,
    'aria-invalid': err ? true : undefined,
    'aria-describedby': describedBy,
  } as const;

  let control: ReactNode;
  if (kind === 'bool') {
    control = <input type="checkbox" {...common} checked={v === true} onChange={(e) => set(path, e.target.checked)} className="h-4 w-4" />;
  } else if (kind === 'textarea') {
    control = <textarea {...common} rows={2} value={typeof v === 'string' ? v : ''} onChange={(e) => set(path, e.target.value)} className={input} />;
  } else if (kind === 'list') {
    const text = Array.isArray(v) ? v.join('\n') : '';
    control = <textarea {...common} rows={4} value={text} onChange={(e) => set(path, e.target.value.split('\n'))} className={`${input} font-mono text-sm`} />;
  } else if (kind === 'number') {
    control = (
      <input
        type="number"
        {...common}
        value={v === undefined || v === null ? '' : String(v)}
        onChange={(e) => set(path, e.target.value === '' ? '' : Number.isNaN(e.target.valueAsNumber) ? e.target.value : e.target.valueAsNumber)}
        className={input}
      />
    );
  } else {
    control = <input type="text" {...common} value={typeof v === 'string' ? v : ''} onChange={(e) => set(path, e.target.value)} className={input} />;
  }

  return (
    <div className={kind === 'bool' ? 'flex items-center gap-2' : 'space-y-1'}>
      {kind === 'bool' && control}
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-xs text-slate-600">
          {hint}
        </p>
      )}
      {kind !== 'bool' && control}
      {err && (
        <p id={errId} role="alert" className="text-sm text-red-800">
          {err}
        </p>
      )}
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="space-y-3 rounded-lg border border-slate-300 bg-white p-4">
      <legend className="px-1 font-semibold">{title}</legend>
      {children}
    </fieldset>
  );
}

const btn = 'rounded border border-slate-400 px-2 py-1 text-sm hover:bg-slate-100';

/// Intent rules: intent name, comma-separated keywords, canned reply.
export function IntentRulesField() {
  const { cfg, set, errors } = useForm();
  const rules = asRules(cfg.intent_rules);
  const update = (i: number, patch: Partial<IntentRule>) => set('intent_rules', rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const sub = (i: number, k: string) => {
    const p = `intent_rules[${i}].${k}`;
    return { 'data-field': p, 'aria-invalid': errors[p] ? true : undefined };
  };
  const err = (i: number, k: string) => {
    const e = errors[`intent_rules[${i}].${k}`];
    return e ? (
      <p role="alert" className="text-sm text-red-800">
        {e}
      </p>
    ) : null;
  };
  return (
    <div className="space-y-3">
      {errors.intent_rules && (
        <p role="alert" className="text-sm text-red-800">
          {errors.intent_rules}
        </p>
      )}
      {rules.map((r, i) => {
        return (
          <div key={i} className="grid gap-2 rounded border border-slate-200 p-3 md:grid-cols-3" aria-label={`Intent rule ${i + 1}`} role="group">
            {errors[`intent_rules[${i}]`] && (
              <p role="alert" className="text-sm text-red-800 md:col-span-3">
                {errors[`intent_rules[${i}]`]}
              </p>
            )}
            <label className="text-sm font-medium">
              Intent
              <input {...sub(i, 'intent')} value={r.intent} onChange={(e) => update(i, { intent: e.target.value })} className={input} />
              {err(i, 'intent')}
            </label>
            <label className="text-sm font-medium">
              Keywords (comma-separated)
              <input {...sub(i, 'keywords')} value={r.keywords.join(',')} onChange={(e) => update(i, { keywords: e.target.value.split(',') })} className={input} />
              {err(i, 'keywords')}
            </label>
            <label className="text-sm font-medium">
              Reply
              <textarea {...sub(i, 'reply')} rows={2} value={r.reply} onChange={(e) => update(i, { reply: e.target.value })} className={input} />
              {err(i, 'reply')}
            </label>
            <button type="button" className={`${btn} justify-self-start`} onClick={() => set('intent_rules', rules.filter((_, j) => j !== i))}>
              Remove rule {i + 1}
            </button>
          </div>
        );
      })}
      <button type="button" className={btn} onClick={() => set('intent_rules', [...rules, { intent: '', keywords: [], reply: '' }])}>
        Add intent rule
      </button>
    </div>
  );
}
