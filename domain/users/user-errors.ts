import { DomainError } from '../shared/domain-error';

export class UserNotFoundError extends DomainError {
  constructor(id: string) {
    super('USER.NOT_FOUND', `User ${id} does not exist.`, { id });
  }
}

export class EmailTakenError extends DomainError {
  constructor(email: string) {
    super('USER.EMAIL_TAKEN', `The email ${email} is already used by another user.`, { email });
  }
}

export class UserVersionMismatchError extends DomainError {
  constructor(id: string, expected: number, actual?: number) {
    super(
      'USER.VERSION_MISMATCH',
      `User ${id} has changed since version ${expected}; read it again and retry.`,
      actual === undefined ? { id, expected } : { id, expected, actual },
    );
  }
}
