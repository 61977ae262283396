/// Parser for the Prometheus text exposition format 0.0.4 (what crmd's GET /metrics serves).

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  /// The sample's own name, e.g. `request_latency_ms_bucket`.
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  type: MetricType;
  help: string;
  samples: Sample[];
}

export interface ParsedMetrics {
  families: Map<string, Family>;
  /// Lines that did not parse, with their 1-based line numbers (for diagnostics, not fatal).
  errors: { line: number; text: string }[];
}

const histogram_suffixes = ['_bucket', '_sum', '_count'];
const name_re = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;

export function parseMetrics(text: string): ParsedMetrics {
  const families = new Map<string, Family>();
  const errors: { line: number; text: string }[] = [];
  const family = (name: string): Family => {
    let f = families.get(name);
    if (!f) {
      f = { name, type: 'untyped', help: '', samples: [] };
      families.set(name, f);
    }
    return f;
  };

  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    if (line.startsWith('#')) {
      const m = /^#\s*(HELP|TYPE)\s+([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(.*)$/.exec(line);
      if (!m) return; // an ordinary comment
      const f = family(m[2]);
      if (m[1] === 'TYPE') f.type = toType(m[3].trim());
      else f.help = unescapeHelp(m[3]);
      return;
    }
    const s = parseSample(line);
    if (!s) {
      errors.push({ line: i + 1, text: raw });
      return;
    }
    family(familyName(s.name, families)).samples.push(s);
  });
  return { families, errors };
}

function familyName(sample: string, families: Map<string, Family>): string {
  for (const suffix of histogram_suffixes) {
    if (!sample.endsWith(suffix)) continue;
    const base = sample.slice(0, -suffix.length);
    const f = families.get(base);
    if (f && (f.type === 'histogram' || f.type === 'summary')) return base;
  }
  return sample;
}

function toType(t: string): MetricType {
  return t === 'counter' || t === 'gauge' || t === 'histogram' || t === 'summary' ? t : 'untyped';
}

function unescapeHelp(s: string): string {
  return s.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}

/// `name{a="x",b="y"} value [timestamp]`; label values may hold `\\`, `\"` and `\n` escapes.
export function parseSample(line: string): Sample | null {
  const nm = name_re.exec(line);
  if (!nm) return null;
  const name = nm[0];
  let pos = name.length;
  const labels: Record<string, string> = {};
  if (line[pos] === '{') {
    pos += 1;
    for (;;) {
      while (line[pos] === ' ' || line[pos] === ',') pos += 1;
      if (line[pos] === '}') {
        pos += 1;
        break;
      }
      const ln = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(line.slice(pos));
      if (!ln) return null;
      pos += ln[0].length;
      while (line[pos] === ' ') pos += 1;
      if (line[pos] !== '=') return null;
      pos += 1;
      while (line[pos] === ' ') pos += 1;
      if (line[pos] !== '"') return null;
      pos += 1;
      let value = '';
      for (;;) {
        const c = line[pos];
        if (c === undefined) return null;
        if (c === '"') {
          pos += 1;
          break;
        }
        if (c === '\\') {
          const n = line[pos + 1];
          if (n === 'n') value += '\n';
          else if (n === '\\' || n === '"') value += n;
          else return null;
          pos += 2;
          continue;
        }
        value += c;
        pos += 1;
      }
      labels[ln[0]] = value;
    }
  }
  const rest = line.slice(pos).trim().split(/\s+/);
  if (rest.length < 1 || rest.length > 2 || rest[0] === '') return null;
  const value = parseValue(rest[0]);
  if (value === null) return null;
  return { name, labels, value };
}

function parseValue(s: string): number | null {
  if (s === '+Inf' || s === 'Inf') return Infinity;
  if (s === '-Inf') return -Infinity;
  if (s === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) return null;
  return Number(s);
}
