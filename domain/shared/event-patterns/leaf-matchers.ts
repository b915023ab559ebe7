import { comparable, numericPredicate } from './numeric-range';
import { wildcardToRegExp } from './wildcard';

/** A value an event field can hold once arrays are looked through. */
export type Leaf = string | number | boolean | null;
export type LeafTest = (value: Leaf) => boolean;

/** What one element of a pattern's value array asks of a field; a string is why it is refused. */
export type LeafMatcher = { kind: 'test'; test: LeafTest } | { kind: 'absent' };

const lower = (s: string) => s.toLowerCase();
/** A table entry by a name taken from the pattern: `constructor` or `toString` are not entries. */
const own = <T>(table: Record<string, T>, name: string): T | undefined =>
  Object.hasOwn(table, name) ? table[name] : undefined;
const isString = (v: Leaf): v is string => typeof v === 'string';

const oneKey = (expression: Record<string, unknown>): [string, unknown] | string => {
  const entries = Object.entries(expression);
  if (entries.length === 0) return 'Match expression name not found';
  if (entries.length > 1) return 'Only one key allowed in match expression';
  return entries[0] as [string, unknown];
};

const stringTest = (
  name: string,
  value: unknown,
  build: (s: string) => LeafTest | string,
): LeafTest | string =>
  typeof value === 'string' ? build(value) : `${name} match pattern must be a string`;

const wildcardTest = (pattern: string): LeafTest | string => {
  const regexp = wildcardToRegExp(pattern);
  return typeof regexp === 'string' ? regexp : (v) => isString(v) && regexp.test(v);
};

/** `{"prefix": {"equals-ignore-case": "x"}}` and the same for suffix. */
const ignoreCaseAffix = (
  name: 'prefix' | 'suffix',
  value: Record<string, unknown>,
): LeafTest | string => {
  const inner = oneKey(value);
  if (typeof inner === 'string') return inner;
  const [op, text] = inner;
  if (op !== 'equals-ignore-case') return `Unsupported ${name} pattern: ${op}`;
  if (typeof text !== 'string') return 'equals-ignore-case match pattern must be a string';
  const want = lower(text);
  return name === 'prefix'
    ? (v) => isString(v) && lower(v).startsWith(want)
    : (v) => isString(v) && lower(v).endsWith(want);
};

/** A JSON object: neither null nor an array. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const affix =
  (name: 'prefix' | 'suffix') =>
  (value: unknown): LeafTest | string => {
    if (isPlainObject(value)) return ignoreCaseAffix(name, value);
    return stringTest(name, value, (text) =>
      name === 'prefix'
        ? (v) => isString(v) && v.startsWith(text)
        : (v) => isString(v) && v.endsWith(text),
    );
  };

/** The positive test each `anything-but` modifier negates, per value. */
const anythingButModifiers: Record<string, (text: string) => LeafTest | string> = {
  prefix: (text) =>
    text === '' ? 'Null prefix/suffix not allowed' : (v) => isString(v) && v.startsWith(text),
  suffix: (text) =>
    text === '' ? 'Null prefix/suffix not allowed' : (v) => isString(v) && v.endsWith(text),
  'equals-ignore-case': (text) => {
    const want = lower(text);
    return (v) => isString(v) && lower(v) === want;
  },
  wildcard: wildcardTest,
};

/** Ruler's reason for a modifier operand that is not a string. */
const NOT_A_STRING: Record<string, string> = {
  prefix: 'prefix/suffix match pattern must be a string',
  suffix: 'prefix/suffix match pattern must be a string',
  'equals-ignore-case':
    'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.',
  wildcard: 'wildcard match pattern must be a string',
};

const anyOf = (tests: LeafTest[]): LeafTest =>
  tests.length === 1 ? (tests[0] as LeafTest) : (v) => tests.some((t) => t(v));

const anythingButModified = (value: Record<string, unknown>): LeafTest | string => {
  const inner = oneKey(value);
  if (typeof inner === 'string') return 'Anything-But expression name not found';
  const [op, operand] = inner;
  const build = own(anythingButModifiers, op);
  if (!build) return `Unsupported anything-but pattern: ${op}`;
  const texts = Array.isArray(operand) ? operand : [operand];
  if (texts.length === 0) return `Value of anything-but ${op} must not be an empty array`;
  const tests: LeafTest[] = [];
  for (const text of texts) {
    if (typeof text !== 'string') return NOT_A_STRING[op] as string;
    const test = build(text);
    if (typeof test === 'string') return test;
    tests.push(test);
  }
  const matched = anyOf(tests);
  return (v) => !matched(v);
};

/** `anything-but` of a string, a number, or a list of only strings or only numbers. */
const anythingButValues = (value: unknown): LeafTest | string => {
  const values = Array.isArray(value) ? value : [value];
  const strings = values.every((v) => typeof v === 'string');
  const numbers = values.every((v) => typeof v === 'number');
  if (values.length === 0 || (!strings && !numbers)) {
    return Array.isArray(value)
      ? 'Inside anything but list, either all values are number or string, mixed type is not supported'
      : 'Value of anything-but must be an array or single string/number value.';
  }
  const excluded = new Set<Leaf>(values as Leaf[]);
  if (strings) return (v) => !excluded.has(v);
  const near = new Set<number | null>(
    (values as number[]).map(comparable).filter((c) => c !== null),
  );
  return (v) => !excluded.has(v) && !(typeof v === 'number' && near.has(comparable(v)));
};

const anythingBut = (value: unknown): LeafTest | string =>
  isPlainObject(value) ? anythingButModified(value) : anythingButValues(value);

const expressions: Record<string, (value: unknown) => LeafMatcher | LeafTest | string> = {
  prefix: affix('prefix'),
  suffix: affix('suffix'),
  'equals-ignore-case': (value) =>
    stringTest('equals-ignore-case', value, (text) => {
      const want = lower(text);
      return (v) => isString(v) && lower(v) === want;
    }),
  wildcard: (value) => stringTest('wildcard', value, wildcardTest),
  numeric: numericPredicate,
  'anything-but': anythingBut,
  exists: (value) => {
    if (value === true) return () => true;
    if (value === false) return { kind: 'absent' };
    return 'exists match pattern must be either true or false.';
  },
  cidr: () => 'cidr (IP address) matching is not supported by this evaluator',
};

/**
 * One element of a field's value array: a JSON string, number, true, false or null matched
 * exactly (numbers by value, as Event Ruler adds a numeric-equals matcher for them), or a match
 * expression object with exactly one operator.
 */
export const compileLeafMatcher = (item: unknown): LeafMatcher | string => {
  if (item === null || typeof item === 'string' || typeof item === 'boolean') {
    return { kind: 'test', test: (v) => v === item };
  }
  if (typeof item === 'number') {
    // Ruler matches a number both as written and as a ComparableNumber (to six decimals).
    const near = comparable(item);
    const test: LeafTest =
      near === null
        ? (v) => v === item
        : (v) => v === item || (typeof v === 'number' && comparable(v) === near);
    return { kind: 'test', test };
  }
  if (!isPlainObject(item)) return 'Match value must be String, number, true, false, or null';
  const only = oneKey(item);
  if (typeof only === 'string') return only;
  const [name, value] = only;
  const build = own(expressions, name);
  if (!build) return `Unrecognized match type ${name}`;
  const built = build(value);
  if (typeof built === 'string') return built;
  return typeof built === 'function' ? { kind: 'test', test: built } : built;
};

/** Match-expression names: field names `$or` branches may not use (Event Ruler's reserved list). */
export const MATCH_EXPRESSION_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(expressions),
  'exact',
]);
