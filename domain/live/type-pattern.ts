/**
 * Event-type patterns a live client subscribes with: `*` stands for any run of characters, dots
 * included (`order.*` matches `order.created`; `*` matches every type); everything else is
 * literal. Matched by splitting on `*` rather than building a RegExp from client text, so no
 * pattern can be expensive: each literal piece is found left to right, once.
 */
export const matchesTypePattern = (pattern: string, type: string): boolean => {
  const pieces = pattern.split('*');
  if (pieces.length === 1) return pattern === type;
  const first = pieces[0]!;
  const last = pieces.at(-1)!;
  if (!type.startsWith(first) || type.length < first.length + last.length) return false;
  if (!type.endsWith(last)) return false;
  let at = first.length;
  const end = type.length - last.length;
  for (const piece of pieces.slice(1, -1)) {
    const found = type.indexOf(piece, at);
    if (found < 0 || found + piece.length > end) return false;
    at = found + piece.length;
  }
  return true;
};

/** Whether any of the patterns matches the type. */
export const matchesAnyPattern = (patterns: readonly string[], type: string): boolean =>
  patterns.some((pattern) => matchesTypePattern(pattern, type));
