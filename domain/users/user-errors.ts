import { DomainError } from '../shared/domain-error';

/** The users domain's error codes, with the sentence that documents each. */
export const userErrorCodes = {
  'USER.NOT_FOUND': 'No user has this id.',
  'USER.EMAIL_TAKEN': 'Another user already has this email (compared case-insensitively).',
  'USER.VERSION_MISMATCH': 'The user changed since the version given (If-Match or version).',
} as const;

export type UserErrorCode = keyof typeof userErrorCodes;

export class UserNotFoundError extends DomainError<UserErrorCode> {
  constructor(id: string) {
    super('USER.NOT_FOUND', `User ${id} does not exist.`, { id });
  }
}

export class EmailTakenError extends DomainError<UserErrorCode> {
  constructor(email: string) {
    super('USER.EMAIL_TAKEN', `The email ${email} is already used by another user.`, { email });
  }
}

export class UserVersionMismatchError extends DomainError<UserErrorCode> {
  constructor(id: string, expected: number, actual?: number) {
    super(
      'USER.VERSION_MISMATCH',
      `User ${id} has changed since version ${expected}; read it again and retry.`,
      actual === undefined ? { id, expected } : { id, expected, actual },
    );
  }
}
