/** What a file's leading bytes say it is, whatever its name or declared type. */
export interface SniffedType {
  /** Lower-case extension the signature belongs to (`jpg`, `png`, `pdf`). */
  ext: string;
  mime: string;
}

export interface ContentSniffer {
  /** Null when no known signature matches (plain text, random bytes). */
  sniff(bytes: Uint8Array): Promise<SniffedType | null>;
}
