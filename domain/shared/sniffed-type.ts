import type { SniffedType } from '../../ports/content-sniffer.port';

/** What the bytes were found to be, for a refusal's message: a MIME type, or that none matched. */
export const describeSniffed = (sniffed: SniffedType | null): string =>
  sniffed ? `${sniffed.mime} (.${sniffed.ext})` : 'no known file type (text or unknown binary)';
