import {
  compileLeafMatcher,
  isPlainObject,
  type Leaf,
  type LeafTest,
  MATCH_EXPRESSION_NAMES,
} from './leaf-matchers';

/** Does an event (a parsed JSON object) match? Built once per pattern, called per event. */
export type EventMatcher = (event: unknown) => boolean;

/** The shape of zod's safeParse: a bad pattern is an expected outcome, not an exception. */
export type CompiledPattern =
  | { success: true; data: EventMatcher }
  | { success: false; error: string };

type Fields = Record<string, unknown>;
type ObjectMatcher = (object: Fields | undefined) => boolean;

class PatternProblem extends Error {
  constructor(
    readonly path: readonly string[],
    readonly reason: string,
  ) {
    super(reason);
  }
}

const OR = '$or';

/** A field read that a key such as `constructor` cannot reach through the prototype. */
const reader = (key: string): ((object: Fields) => unknown) =>
  key in Object.prototype ? (o) => (Object.hasOwn(o, key) ? o[key] : undefined) : (o) => o[key];

const NO_LEAF = 0;
const LEAF_MISSED = 1;
const LEAF_MATCHED = 2;

/** Arrays are looked through, at any depth; objects in them are not leaves. */
const scanArray = (values: readonly unknown[], test: LeafTest): number => {
  let seen = NO_LEAF;
  for (const value of values) {
    if (Array.isArray(value)) {
      const inner = scanArray(value, test);
      if (inner === LEAF_MATCHED) return LEAF_MATCHED;
      if (inner === LEAF_MISSED) seen = LEAF_MISSED;
    } else if (!isPlainObject(value)) {
      if (test(value as Leaf)) return LEAF_MATCHED;
      seen = LEAF_MISSED;
    }
  }
  return seen;
};

/**
 * A field with a value array: it matches when any leaf of the event's value passes any of the
 * tests, or, with `{"exists": false}` among them, when the field has no leaf at all (missing, an
 * object, an empty array): exists matching only works on leaf nodes.
 */
const leafField = (key: string, items: readonly unknown[], path: string[]): ObjectMatcher => {
  if (items.length === 0) throw new PatternProblem(path, 'Empty arrays are not allowed');
  const tests: LeafTest[] = [];
  let absentMatches = false;
  for (const item of items) {
    const matcher = compileLeafMatcher(item);
    if (typeof matcher === 'string') throw new PatternProblem(path, matcher);
    if (matcher.kind === 'absent') absentMatches = true;
    else tests.push(matcher.test);
  }
  const test: LeafTest =
    tests.length === 1
      ? (tests[0] as LeafTest)
      : tests.length === 0
        ? () => false
        : (v) => {
            for (const t of tests) if (t(v)) return true;
            return false;
          };
  const read = reader(key);
  return (object) => {
    const value = object === undefined ? undefined : read(object);
    if (value === undefined || isPlainObject(value)) return absentMatches;
    if (Array.isArray(value)) {
      const found = scanArray(value, test);
      return found === NO_LEAF ? absentMatches : found === LEAF_MATCHED;
    }
    return test(value as Leaf);
  };
};

/** Objects inside arrays are matched one at a time, so two fields never match across elements. */
const someObject = (values: readonly unknown[], child: ObjectMatcher): number => {
  let seen = NO_LEAF;
  for (const value of values) {
    if (isPlainObject(value)) {
      if (child(value)) return LEAF_MATCHED;
      seen = LEAF_MISSED;
    } else if (Array.isArray(value)) {
      const inner = someObject(value, child);
      if (inner === LEAF_MATCHED) return LEAF_MATCHED;
      if (inner === LEAF_MISSED) seen = LEAF_MISSED;
    }
  }
  return seen;
};

const nestedField = (key: string, child: ObjectMatcher): ObjectMatcher => {
  const read = reader(key);
  return (object) => {
    const value = object === undefined ? undefined : read(object);
    if (isPlainObject(value)) return child(value);
    if (Array.isArray(value)) {
      const found = someObject(value, child);
      return found === NO_LEAF ? child(undefined) : found === LEAF_MATCHED;
    }
    return child(undefined);
  };
};

const orBranches = (value: unknown, path: string[]): ObjectMatcher => {
  if (!Array.isArray(value))
    throw new PatternProblem(path, `It must be an Array followed with ${OR}.`);
  if (!value.every(isPlainObject)) {
    throw new PatternProblem(path, `Only JSON object is allowed in array of ${OR} relationship.`);
  }
  if (value.length < 2) {
    throw new PatternProblem(path, `There must have at least 2 Objects in ${OR} relationship.`);
  }
  const branches = value.map((branch, i) => compileObject(branch, [...path, String(i)], true));
  return (object) => {
    for (const branch of branches) if (branch(object)) return true;
    return false;
  };
};

const compileObject = (pattern: Fields, path: string[], inOr: boolean): ObjectMatcher => {
  const entries = Object.entries(pattern);
  if (entries.length === 0) throw new PatternProblem(path, 'Empty objects are not allowed');
  const parts: ObjectMatcher[] = entries.map(([key, value]) => {
    const at = [...path, key];
    if (key === OR) return orBranches(value, at);
    if (inOr && MATCH_EXPRESSION_NAMES.has(key)) {
      throw new PatternProblem(
        at,
        `${key} is Ruler reserved fieldName which cannot be used inside ${OR}.`,
      );
    }
    if (Array.isArray(value)) return leafField(key, value, at);
    if (isPlainObject(value)) return nestedField(key, compileObject(value, at, inOr));
    throw new PatternProblem(at, `"${key}" must be an object or an array`);
  });
  if (parts.length === 1) return parts[0] as ObjectMatcher;
  return (object) => {
    for (const part of parts) if (!part(object)) return false;
    return true;
  };
};

/**
 * Validates an EventBridge event pattern once and returns a matcher that walks only the fields
 * the pattern names, or the reason EventBridge would refuse the pattern (Event Ruler's wording,
 * with the path to the bad field).
 */
export const compileEventPattern = (pattern: unknown): CompiledPattern => {
  if (!isPlainObject(pattern)) return { success: false, error: 'Filter is not an object' };
  try {
    const root = compileObject(pattern, [], false);
    return { success: true, data: (event) => isPlainObject(event) && root(event) };
  } catch (error) {
    if (!(error instanceof PatternProblem)) throw error;
    const where = error.path.length > 0 ? `${error.path.join('.')}: ` : '';
    return { success: false, error: `${where}${error.reason}` };
  }
};
