/**
 * EventBridge compares numbers only within ±5.0e9, to six digits after the decimal point (Event
 * Ruler's ComparableNumber): a pattern bound outside it is refused, and an event number outside
 * it never satisfies `numeric`.
 */
export const NUMERIC_LIMIT = 5e9;

type Leaf = string | number | boolean | null;

const inRange = (n: number) => n >= -NUMERIC_LIMIT && n <= NUMERIC_LIMIT;

/** A number as EventBridge compares it: millionths, an exact integer (5e15 < 2^53); null out of range. */
export const comparable = (n: number): number | null => (inRange(n) ? Math.round(n * 1e6) : null);

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
  const n = comparable(value as number) as number;
  /** The event value in millionths, or null where numeric matching does not apply. */
  const of = (v: Leaf) => (typeof v === 'number' ? comparable(v) : null);
  if (op === '=' || UPPER.has(op)) {
    if (terms.length !== 2) return 'Too many elements in numeric expression';
    if (op === '=') return (v) => of(v) === n;
    return op === '<'
      ? (v) => {
          const c = of(v);
          return c !== null && c < n;
        }
      : (v) => {
          const c = of(v);
          return c !== null && c <= n;
        };
  }
  if (!LOWER.has(op)) return `Unrecognized numeric range operator: ${op}`;
  const above = op === '>' ? (c: number) => c > n : (c: number) => c >= n;
  if (terms.length === 2) {
    return (v) => {
      const c = of(v);
      return c !== null && above(c);
    };
  }
  if (terms.length !== 4) return 'Too many terms in numeric range expression';
  if (typeof op2 !== 'string' || !UPPER.has(op2)) {
    return `Bad numeric range operator: ${JSON.stringify(op2)}`;
  }
  const topProblem = bound(op2, value2);
  if (topProblem) return topProblem;
  const top = comparable(value2 as number) as number;
  if (n >= top) return `Bottom must be less than top (${value} >= ${value2})`;
  const below = op2 === '<' ? (c: number) => c < top : (c: number) => c <= top;
  return (v) => {
    const c = of(v);
    return c !== null && above(c) && below(c);
  };
};
