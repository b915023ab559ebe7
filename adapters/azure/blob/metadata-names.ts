/**
 * Blob metadata names must be C# identifiers (letters, digits, `_`, not starting with a digit:
 * https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata#metadata-names),
 * while the port allows any name (`x-trace`). Names are stored lower-case with every other
 * character, `_` included, written as `_XX` per UTF-8 byte, so decoding is exact:
 * `x-trace` -> `x_2Dtrace`, `1st` -> `_31st`.
 */
const PLAIN = /[a-z0-9]/;

export const encodeMetadataName = (name: string): string => {
  let out = '';
  for (const char of name.toLowerCase()) {
    const plain = PLAIN.test(char) && !(out === '' && /[0-9]/.test(char));
    if (plain) {
      out += char;
      continue;
    }
    for (const byte of Buffer.from(char, 'utf8')) {
      out += `_${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    }
  }
  return out;
};

export const decodeMetadataName = (stored: string): string => {
  const bytes: number[] = [];
  for (let i = 0; i < stored.length; ) {
    if (stored[i] === '_' && /^[0-9A-Fa-f]{2}$/.test(stored.slice(i + 1, i + 3))) {
      bytes.push(Number.parseInt(stored.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      bytes.push(stored.toLowerCase().charCodeAt(i));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
};

export const encodeMetadata = (metadata: Record<string, string> = {}): Record<string, string> =>
  Object.fromEntries(
    Object.entries(metadata).map(([name, value]) => [encodeMetadataName(name), value]),
  );

export const decodeMetadata = (metadata: Record<string, string> = {}): Record<string, string> =>
  Object.fromEntries(
    Object.entries(metadata).map(([name, value]) => [decodeMetadataName(name), value]),
  );
