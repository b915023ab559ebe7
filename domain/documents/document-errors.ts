import { DomainError } from '../shared/domain-error';

/** The documents domain's error codes, with the sentence that documents each. */
export const documentErrorCodes = {
  'DOCUMENT.NOT_PDF': 'The bytes are not a PDF, whatever the name or content type says.',
  'DOCUMENT.ENCRYPTED': 'The PDF is password-protected; its text cannot be read.',
  'DOCUMENT.UNREADABLE': 'The PDF is corrupt or truncated and cannot be parsed.',
  'DOCUMENT.TOO_LARGE': 'The file is larger than allowed.',
  'DOCUMENT.NOT_FOUND': 'No document has this id.',
  'DOCUMENT.SOURCE_NOT_FOUND': 'The object to read does not exist (any more).',
} as const;

export type DocumentErrorCode = keyof typeof documentErrorCodes;

/** A failure of the input itself: recorded on the document as its failure code, never retried. */
export class DocumentInputError extends DomainError<DocumentErrorCode> {}

export class NotPdfError extends DocumentInputError {
  constructor(found: string) {
    super('DOCUMENT.NOT_PDF', `Not a PDF: the bytes are ${found}.`, { found });
  }
}

export class EncryptedDocumentError extends DocumentInputError {
  constructor() {
    super('DOCUMENT.ENCRYPTED', 'The PDF is password-protected; its text cannot be read.');
  }
}

export class UnreadableDocumentError extends DocumentInputError {
  constructor(reason: string) {
    super('DOCUMENT.UNREADABLE', `The PDF cannot be parsed: ${reason}`, { reason });
  }
}

export class DocumentTooLargeError extends DocumentInputError {
  constructor(bytes: number, maxBytes: number) {
    super('DOCUMENT.TOO_LARGE', `The file is ${bytes} bytes; at most ${maxBytes} are accepted.`, {
      bytes,
      maxBytes,
    });
  }
}

export class DocumentNotFoundError extends DomainError<DocumentErrorCode> {
  constructor(id: string) {
    super('DOCUMENT.NOT_FOUND', `Document ${id} does not exist.`, { id });
  }
}

export class DocumentSourceNotFoundError extends DomainError<DocumentErrorCode> {
  constructor(key: string) {
    super('DOCUMENT.SOURCE_NOT_FOUND', `There is no object ${key} to read.`, { key });
  }
}
