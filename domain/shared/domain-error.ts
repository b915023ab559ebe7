import type { DomainErrorCode } from './error-codes';

/** A field-level problem, with the path to the field (`items.0.quantity`). */
export interface FieldIssue {
  path: string;
  message: string;
}

/**
 * Base of every business-rule failure. Carries a stable `code` and human text, and
 * no transport knowledge: the HTTP status is decided by adapters/http.
 */
export class DomainError extends Error {
  override readonly name: string = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export class ValidationError extends DomainError {
  override readonly name = 'ValidationError';

  constructor(
    readonly issues: FieldIssue[],
    message = 'The input is not valid.',
  ) {
    super('VALIDATION.FAILED', message, { issues });
  }
}

export class InvalidCursorError extends DomainError {
  override readonly name = 'InvalidCursorError';

  constructor() {
    super('PAGINATION.INVALID_CURSOR', 'The cursor is not valid; start again without one.');
  }
}

export const isDomainError = (error: unknown): error is DomainError => error instanceof DomainError;
