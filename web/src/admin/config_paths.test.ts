import { describe, expect, it } from 'vitest';
import { knownPaths, listPaths } from './config_layout';
import { errorTarget, setPath, toPayload } from './config_paths';

describe('config paths', () => {
  const known = knownPaths({ intent_rules: [{}, {}] });

  it('maps a server field to the form field or its nearest parent', () => {
    expect(errorTarget('llm.timeout_ms', known)).toBe('llm.timeout_ms');
    expect(errorTarget('intent_rules[1].keywords[0]', known)).toBe('intent_rules[1].keywords');
    expect(errorTarget('forbidden_topics[12]', known)).toBe('forbidden_topics');
    expect(errorTarget('intent_rules[7].reply', known)).toBe('intent_rules');
    expect(errorTarget('mystery', known)).toBeNull();
    expect(errorTarget('llm.nope', known)).toBeNull();
  });

  it('sets nested values without touching the original', () => {
    const a = { llm: { model: 'x', timeout_ms: 1 } };
    const b = setPath(a, 'llm.model', 'y');
    expect(b).toEqual({ llm: { model: 'y', timeout_ms: 1 } });
    expect(a.llm.model).toBe('x');
  });

  it('cleans lists and intent rules for the PUT body', () => {
    const out = toPayload(
      { forbidden_topics: [' crypto ', '', 'bets'], allow_phrases: [], intent_rules: [{ intent: ' hi ', keywords: ['a', ' b ', ''], reply: 'Hey' }], other: 1 },
      listPaths,
    );
    expect(out).toEqual({ forbidden_topics: ['crypto', 'bets'], allow_phrases: [], intent_rules: [{ intent: 'hi', keywords: ['a', 'b'], reply: 'Hey' }], other: 1 });
  });
});
