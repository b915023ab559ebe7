/**
 * EventBridge compares numbers only within ±5.0e9 (Event Ruler's ComparableNumber): a pattern
 * bound outside it is refused, and an event number outside it never satisfies `numeric`.
 */
export const NUMERIC_LIMIT = 5e9;

type Leaf = string | number | boolean | null;

const inRange = (n: number) => n >= -NUMERIC_LIMIT && n <= NUMERIC_LIMIT;

const LOWER = new Set(['>', '>=']);
const UPPER = new Set(['<', '<=']);

const bound = (op: unknown, value: unknown): string | null => {
  if (typeof value !== 'number') return `Value of ${String(op)} must be numeric`;
  if (!inRange(value)) return `Value must be between -5.0E9 and 5.0E9, inclusive (got ${value})`;
  return null;
};

/**
 * The predicate of a `numeric` array (`["=", 3]`, `[">", 0, "<=", 5]`, `["<", 10]`), or the
 * reason it is refused: one `=`, or a lower bound, an upper bound, or a lower then an upper.
 */
export const numericPredicate = (terms: unknown): ((value: Leaf) => boolean) | string => {
  if (!Array.isArray(terms)) return 'Value of numeric must be an array.';
  const [op, value, op2, value2] = terms as unknown[];
  if (typeof op !== 'string') return `Invalid member in numeric match: ${JSON.stringify(op)}`;
  const problem = bound(op, value);
  if (problem) return problem;
  const n = value as number;
  if (op === '=' || UPPER.has(op)) {
    if (terms.length !== 2) return 'Too many elements in numeric expression';
    if (op === '=') return (v) => typeof v === 'number' && v === n && inRange(v);
    return op === '<'
      ? (v) => typeof v === 'number' && v < n && inRange(v)
      : (v) => typeof v === 'number' && v <= n && inRange(v);
  }
  if (!LOWER.has(op)) return `Unrecognized numeric range operator: ${op}`;
  const above =
    op === '>' ? (v: number) => v > n && inRange(v) : (v: number) => v >= n && inRange(v);
  if (terms.length === 2) return (v) => typeof v === 'number' && above(v);
  if (terms.length !== 4) return 'Too many terms in numeric range expression';
  if (typeof op2 !== 'string' || !UPPER.has(op2)) {
    return `Bad numeric range operator: ${JSON.stringify(op2)}`;
  }
  const topProblem = bound(op2, value2);
  if (topProblem) return topProblem;
  const top = value2 as number;
  if (n >= top) return `Bottom must be less than top (${n} >= ${top})`;
  return op2 === '<'
    ? (v) => typeof v === 'number' && above(v) && v < top
    : (v) => typeof v === 'number' && above(v) && v <= top;
};
