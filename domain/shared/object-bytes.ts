/**
 * An object's body in one buffer, for work that needs it whole (an image decoder, a PDF
 * parser); null once it passes `maxBytes`, without reading the rest into memory.
 */
export const readObjectBytes = async (
  body: AsyncIterable<Uint8Array>,
  maxBytes: number,
): Promise<Uint8Array | null> => {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > maxBytes) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
};
