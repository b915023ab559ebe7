/**
 * A property holds at most 64 KiB and an entity at most 1 MiB
 * (https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#property-types).
 * A record's UTF-8 JSON is stored as binary parts of up to PART_BYTES: byte sizes are exact (a
 * string's limit counts UTF-16), a cut cannot split a character that matters, and the base64 on
 * the wire is ASCII (Azurite decodes a large single-entity body chunk by chunk, garbling
 * multi-byte characters at 64 KiB boundaries).
 */
const PART_BYTES = 64_000;
const MAX_PARTS = 15;

/** `parts` and `record0..n` properties holding `value` as JSON. */
export const jsonToParts = (value: unknown, what: string): Record<string, unknown> => {
  const json = Buffer.from(JSON.stringify(value), 'utf8');
  const parts: Uint8Array[] = [];
  for (let start = 0; start < json.length; start += PART_BYTES) {
    parts.push(json.subarray(start, start + PART_BYTES));
  }
  if (parts.length > MAX_PARTS) {
    throw new Error(`${what} is too large to store (${json.length} bytes of JSON)`);
  }
  return {
    parts: parts.length,
    ...Object.fromEntries(parts.map((part, index) => [`record${index}`, part])),
  };
};

/** The JSON text `jsonToParts` stored. */
export const partsToJson = (row: Record<string, unknown>): string => {
  const parts: Uint8Array[] = [];
  for (let index = 0; index < (row.parts as number); index += 1) {
    parts.push(row[`record${index}`] as Uint8Array);
  }
  return Buffer.concat(parts).toString('utf8');
};
