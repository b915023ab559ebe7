/**
 * A `wildcard` value as a RegExp, or the reason it is refused. Event Ruler's rules: `*` matches
 * any run of characters (none included), `\*` a literal asterisk, `\\` a backslash; two `*` in a
 * row and a backslash before any other character are refused.
 */
export const wildcardToRegExp = (wildcard: string): RegExp | string => {
  let source = '';
  for (let i = 0; i < wildcard.length; i += 1) {
    const char = wildcard[i] as string;
    if (char === '*') {
      if (wildcard[i + 1] === '*') return `Consecutive wildcard characters at pos ${i + 1}`;
      source += '.*';
    } else if (char === '\\') {
      const next = wildcard[i + 1];
      if (next !== '*' && next !== '\\') return `Invalid escape character at pos ${i + 1}`;
      source += `\\${next}`;
      i += 1;
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  // `s`: a `*` spans line breaks too; `u`: a character is a code point, not half a surrogate pair.
  return new RegExp(`^${source}$`, 'su');
};
