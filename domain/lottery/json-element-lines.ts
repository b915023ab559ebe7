/**
 * The line each element of a JSON document's arrays starts on, for the arrays at `depth`
 * (1: the elements of a top-level array; 2: the elements of arrays that are values of a
 * top-level object, as in a DynamoDB request-items document), in document order. JSON.parse
 * keeps no positions, and a bad row must be reported with its line, as a CSV row is. Call it
 * only on text JSON.parse accepted.
 */
export const jsonElementLines = (text: string, depth: 1 | 2): number[] => {
  const lines: number[] = [];
  const stack: { array: boolean; awaiting: boolean }[] = [];
  let line = 1;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '\n') line += 1;
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') continue;
    const top = stack.at(-1);
    if (top?.array && top.awaiting && char !== ']') {
      top.awaiting = false;
      if (stack.length === depth && (depth === 1 || stack[0]?.array === false)) lines.push(line);
    }
    if (char === '"') {
      // JSON strings hold no raw newlines; skip to the closing quote.
      for (i += 1; i < text.length && text[i] !== '"'; i += 1) if (text[i] === '\\') i += 1;
    } else if (char === '[' || char === '{') {
      stack.push({ array: char === '[', awaiting: char === '[' });
    } else if (char === ']' || char === '}') {
      stack.pop();
    } else if (char === ',' && top?.array) {
      top.awaiting = true;
    }
  }
  return lines;
};
