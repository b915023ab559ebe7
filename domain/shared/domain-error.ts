import type { SharedErrorCode } from './error-codes';

/** A field-level problem, with the path to the field (`items.0.quantity`). */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * Base of every business-rule failure. Carries a stable `code` from its domain's catalogue
 * and human text, and no transport knowledge: the HTTP status is decided by adapters/http.
 */
export class DomainError<C extends string = string> extends Error {
  override readonly name: string = 'DomainError';

  constructor(
    readonly code: C,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export class ValidationError extends DomainError<SharedErrorCode> {
  override readonly name = 'ValidationError';

  constructor(
    readonly issues: FieldIssue[],
    message = 'The input is not valid.',
  ) {
    super('VALIDATION.FAILED', message, { issues });
  }
}

export class InvalidCursorError extends DomainError<SharedErrorCode> {
  override readonly name = 'InvalidCursorError';

  constructor() {
    super('PAGINATION.INVALID_CURSOR', 'The cursor is not valid; start again without one.');
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
