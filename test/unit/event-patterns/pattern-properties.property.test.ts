import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileEventPattern } from '../../../domain/shared/event-patterns/compile-pattern';
import { naiveMatches } from '../../support/naive-pattern-matcher';

const matcher = (pattern: unknown) => {
  const compiled = compileEventPattern(pattern);
  if (!compiled.success) throw new Error(compiled.error);
  return compiled.data;
};

const leaf = fc.oneof(
  fc.string(),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.boolean(),
  fc.constant(null),
);
/** Numbers EventBridge compares: within ±5.0e9. */
const comparable = fc.double({ min: -5e9, max: 5e9, noNaN: true, noDefaultInfinity: true });

describe('event pattern properties', () => {
  it('an exact value matches itself, alone or anywhere in an event array', () => {
    fc.assert(
      fc.property(leaf, fc.array(leaf), (value, others) => {
        const match = matcher({ detail: { f: [value] } });
        expect(match({ detail: { f: value } })).toBe(true);
        expect(match({ detail: { f: [...others, value] } })).toBe(true);
      }),
    );
  });

  it('anything-but of a value is the negation of the exact match on any present leaf', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.integer()), leaf, (excluded, value) => {
        const exact = matcher({ f: [excluded] });
        const but = matcher({ f: [{ 'anything-but': excluded }] });
        expect(but({ f: value })).toBe(!exact({ f: value }));
      }),
    );
  });

  it('no pattern but exists:false matches a field the event lacks', () => {
    const positive = fc.oneof(
      leaf,
      fc.string().map((prefix) => ({ prefix })),
      fc.string().map((s) => ({ 'anything-but': s })),
      fc.constant({ exists: true }),
      comparable.map((n) => ({ numeric: ['>=', n] })),
    );
    fc.assert(
      fc.property(positive, (value) => {
        expect(matcher({ detail: { f: [value] } })({ detail: { g: 1 } })).toBe(false);
      }),
    );
  });

  it('prefix and suffix match every extension of their text, and only strings', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (head, middle, tail) => {
        expect(matcher({ f: [{ prefix: head }] })({ f: head + middle })).toBe(true);
        expect(matcher({ f: [{ suffix: tail }] })({ f: middle + tail })).toBe(true);
        expect(matcher({ f: [{ prefix: head }] })({ f: 1 })).toBe(false);
      }),
    );
  });

  it('a wildcard without * or \\ is an exact string match', () => {
    const plain = fc.string().filter((s) => !s.includes('*') && !s.includes('\\'));
    fc.assert(
      fc.property(plain, fc.string(), (pattern, value) => {
        expect(matcher({ f: [{ wildcard: pattern }] })({ f: value })).toBe(value === pattern);
      }),
    );
  });

  it('a wildcard a*b matches exactly the strings that start with a and end with b', () => {
    const plain = fc.string().filter((s) => !s.includes('*') && !s.includes('\\'));
    fc.assert(
      fc.property(plain, plain, fc.string(), (a, b, value) => {
        const expected =
          value.length >= a.length + b.length && value.startsWith(a) && value.endsWith(b);
        expect(matcher({ f: [{ wildcard: `${a}*${b}` }] })({ f: value })).toBe(expected);
      }),
    );
  });

  it('a numeric range agrees with the comparison it spells, to six decimal places', () => {
    const millionths = (n: number) => Math.round(n * 1e6);
    fc.assert(
      fc.property(comparable, comparable, comparable, (x, y, value) => {
        fc.pre(millionths(x) < millionths(y));
        const match = matcher({ f: [{ numeric: ['>', x, '<=', y] }] });
        const v = millionths(value);
        expect(match({ f: value })).toBe(v > millionths(x) && v <= millionths(y));
      }),
    );
  });

  it('equals-ignore-case matches the value in any case', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const match = matcher({ f: [{ 'equals-ignore-case': text }] });
        expect(match({ f: text.toUpperCase() })).toBe(true);
        expect(match({ f: text.toLowerCase() })).toBe(true);
      }),
    );
  });

  it('$or matches exactly when one of its branches matches on its own', () => {
    fc.assert(
      fc.property(leaf, leaf, leaf, leaf, (a, b, ea, eb) => {
        const event = { a: ea, b: eb };
        const either = matcher({ $or: [{ a: [a] }, { b: [b] }] })(event);
        expect(either).toBe(matcher({ a: [a] })(event) || matcher({ b: [b] })(event));
      }),
    );
  });
});

describe('the compiled matcher against a plain interpreter of the same syntax', () => {
  const text = fc.constantFrom('a', 'ab', 'abc', 'B', 'x.png', '', 'eu-west-1', 'us-east-1');
  const num = fc.integer({ min: -5, max: 5 });
  const value = fc.oneof(text, num, fc.boolean(), fc.constant(null));
  const operator = fc.oneof(
    value,
    text.map((t) => ({ prefix: t })),
    text.map((t) => ({ suffix: t })),
    text.map((t) => ({ prefix: { 'equals-ignore-case': t } })),
    text.map((t) => ({ 'equals-ignore-case': t })),
    fc.constantFrom('a*', '*b*', 'a*c', '*', 'x.*').map((w) => ({ wildcard: w })),
    fc
      .oneof(text, num, fc.array(text, { minLength: 1 }), fc.array(num, { minLength: 1 }))
      .map((v) => ({ 'anything-but': v })),
    text.filter((t) => t !== '').map((t) => ({ 'anything-but': { prefix: t } })),
    fc.constantFrom('a*', '*b').map((w) => ({ 'anything-but': { wildcard: [w] } })),
    fc.boolean().map((exists) => ({ exists })),
    fc
      .tuple(num, num)
      .filter(([a, b]) => a < b)
      .map(([a, b]) => ({ numeric: ['>=', a, '<', b] })),
  );
  const keys = fc.constantFrom('f', 'g', 'h');
  const leafField = fc.array(operator, { minLength: 1, maxLength: 3 });
  const pattern = fc.letrec((tie) => ({
    object: fc.oneof(
      { depthSize: 'small' },
      fc.dictionary(keys, leafField, { minKeys: 1, maxKeys: 2 }),
      fc.dictionary(keys, fc.oneof(leafField, tie('object')), { minKeys: 1, maxKeys: 2 }),
      fc
        .tuple(tie('object'), tie('object'))
        .map(([a, b]) => ({ $or: [a, b] }) as Record<string, unknown>),
    ),
  })).object;
  const event = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      value,
      fc.array(fc.oneof(value, tie('node')), { maxLength: 3 }),
      fc.dictionary(keys, tie('node'), { maxKeys: 3 }),
    ),
  })).node;

  it('agree on random patterns and events, matching and not', () => {
    const outcomes = { true: 0, false: 0 };
    fc.assert(
      fc.property(pattern, fc.dictionary(keys, event, { maxKeys: 3 }), (p, e) => {
        const ours = matcher(p)(e);
        expect(ours).toBe(naiveMatches(JSON.stringify(p), e));
        outcomes[`${ours}`] += 1;
      }),
      { numRuns: 2000 },
    );
    // Both answers are common, so the agreement is not just on trivial misses.
    expect(outcomes.true).toBeGreaterThan(100);
    expect(outcomes.false).toBeGreaterThan(100);
  });
});

describe('robustness', () => {
  const key = fc.oneof(
    fc.string(),
    fc.constantFrom('constructor', '__proto__', 'toString', '$or', 'prefix', 'anything-but'),
  );
  const json = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.string(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(key, tie('value'), { maxKeys: 3 }),
    ),
  })).value;

  it('any JSON is either a pattern or a reason, and a pattern answers any JSON event', () => {
    fc.assert(
      fc.property(json, json, (pattern, event) => {
        const compiled = compileEventPattern(JSON.parse(JSON.stringify(pattern)));
        if (compiled.success) expect(typeof compiled.data(event)).toBe('boolean');
        else expect(compiled.error).toMatch(/\S/);
      }),
      { numRuns: 1000 },
    );
  });
});
