/** A parsed PDF, open until `close`. */
export interface OpenedDocument {
  pages: number;
  title: string | null;
  author: string | null;
  /** ISO 8601, from the PDF's CreationDate; null when absent or not a date. */
  createdAt: string | null;
  /** The text of page `n` (1-based), its items joined in reading order. */
  pageText(n: number): Promise<string>;
  close(): Promise<void>;
}

/**
 * Opens PDFs. Throws EncryptedDocumentError for a password-protected file and
 * UnreadableDocumentError for anything it cannot parse.
 */
export interface DocumentReader {
  open(bytes: Uint8Array): Promise<OpenedDocument>;
}
