/**
 * The baseline of bench:rules: an interpreter that takes the pattern as JSON text, parses it on
 * every call and walks it against the event, deciding each operator as it meets it (a RegExp
 * per wildcard per call), the way a matcher without a compile step works. Same semantics as
 * domain/shared/event-patterns for the valid patterns the bench uses; no validation.
 */
type Json = unknown;
type Obj = Record<string, Json>;

const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const leaves = (value: Json): Json[] => {
  if (value === undefined || isObj(value)) return [];
  if (Array.isArray(value)) return value.flatMap(leaves);
  return [value];
};

const wildcard = (pattern: string, value: string): boolean => {
  const source = pattern
    .split(/(\\\*|\\\\|\*)/)
    .map((part) => {
      if (part === '*') return '.*';
      if (part === '\\*') return '\\*';
      if (part === '\\\\') return '\\\\';
      return part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`, 'su').test(value);
};

/** EventBridge compares numbers in millionths, within ±5.0e9. */
const millionths = (n: number) => Math.round(n * 1e6);

const numeric = (terms: Json[], value: Json): boolean => {
  if (typeof value !== 'number' || value < -5e9 || value > 5e9) return false;
  const v = millionths(value);
  for (let i = 0; i < terms.length; i += 2) {
    const n = millionths(terms[i + 1] as number);
    const op = terms[i];
    const ok =
      op === '='
        ? v === n
        : op === '>'
          ? v > n
          : op === '>='
            ? v >= n
            : op === '<'
              ? v < n
              : v <= n;
    if (!ok) return false;
  }
  return true;
};

const positive = (op: string, arg: Json, v: Json): boolean => {
  if (op === 'numeric') return numeric(arg as Json[], v);
  if (typeof v !== 'string') return false;
  if (isObj(arg)) {
    const text = (arg['equals-ignore-case'] as string).toLowerCase();
    return op === 'prefix' ? v.toLowerCase().startsWith(text) : v.toLowerCase().endsWith(text);
  }
  if (op === 'prefix') return v.startsWith(arg as string);
  if (op === 'suffix') return v.endsWith(arg as string);
  if (op === 'equals-ignore-case') return v.toLowerCase() === (arg as string).toLowerCase();
  return wildcard(arg as string, v);
};

const leafMatches = (item: Json, v: Json): boolean => {
  if (typeof item === 'number') return item === v || numeric(['=', item], v);
  if (!isObj(item)) return item === v;
  const [op, arg] = Object.entries(item)[0] as [string, Json];
  if (op === 'exists') return arg === true;
  if (op !== 'anything-but') return positive(op, arg, v);
  if (isObj(arg)) {
    const [inner, texts] = Object.entries(arg)[0] as [string, Json];
    return !(Array.isArray(texts) ? texts : [texts]).some((t) => positive(inner, t, v));
  }
  return !(Array.isArray(arg) ? arg : [arg]).includes(v);
};

const fieldMatches = (items: Json[], value: Json): boolean => {
  const found = leaves(value);
  if (found.length === 0) return items.some((i) => isObj(i) && i.exists === false);
  return items.some((item) => found.some((v) => leafMatches(item, v)));
};

const objectMatches = (pattern: Obj, event: Obj | undefined): boolean =>
  Object.entries(pattern).every(([key, value]) => {
    if (key === '$or') return (value as Obj[]).some((branch) => objectMatches(branch, event));
    const field = event?.[key];
    if (Array.isArray(value)) return fieldMatches(value, field);
    const nested = value as Obj;
    if (isObj(field)) return objectMatches(nested, field);
    if (Array.isArray(field)) {
      const objects = field.flat(Infinity).filter(isObj);
      if (objects.length > 0) return objects.some((o) => objectMatches(nested, o));
    }
    return objectMatches(nested, undefined);
  });

export const naiveMatches = (patternText: string, event: Json): boolean =>
  isObj(event) && objectMatches(JSON.parse(patternText) as Obj, event);
