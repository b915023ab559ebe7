import type { OpenedDocument } from '../../ports/document-reader.port';

/** The summary keeps at most this much text: enough to index or preview, small enough to store. */
export const MAX_TEXT_BYTES = 64 * 1024;

/** The longest prefix of `text` whose UTF-8 takes at most `maxBytes`, cut between characters. */
export const utf8Prefix = (text: string, maxBytes: number): string => {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.byteLength <= maxBytes) return text;
  let end = maxBytes;
  // Back up over continuation bytes (10xxxxxx) so no character is cut in half.
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
};

/**
 * The text of the first pages, page after page (separated by a blank line), until `maxBytes`
 * of UTF-8: later pages are never parsed for text once the cap is reached.
 */
export const firstPagesText = async (
  document: OpenedDocument,
  maxBytes = MAX_TEXT_BYTES,
): Promise<{ text: string; textPages: number; textTruncated: boolean }> => {
  let text = '';
  for (let page = 1; page <= document.pages; page += 1) {
    const next = (page > 1 ? '\n\n' : '') + (await document.pageText(page));
    const joined = text + next;
    if (Buffer.byteLength(joined, 'utf8') > maxBytes) {
      return { text: utf8Prefix(joined, maxBytes), textPages: page, textTruncated: true };
    }
    text = joined;
  }
  return { text, textPages: document.pages, textTruncated: false };
};
