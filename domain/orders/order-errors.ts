import { DomainError } from '../shared/domain-error';
import type { OrderStatus } from './order';
import { ORDER_TRANSITIONS } from './order';

export class OrderNotFoundError extends DomainError {
  constructor(id: string) {
    super('ORDER.NOT_FOUND', `Order ${id} does not exist.`, { id });
  }
}

export class OrderUserNotFoundError extends DomainError {
  constructor(userId: string) {
    super('ORDER.USER_NOT_FOUND', `User ${userId} does not exist.`, { userId });
  }
}

export class InvalidTransitionError extends DomainError {
  constructor(id: string, from: OrderStatus, to: OrderStatus) {
    super('ORDER.INVALID_TRANSITION', `Order ${id} cannot move from ${from} to ${to}.`, {
      id,
      from,
      to,
      allowed: ORDER_TRANSITIONS[from],
    });
  }
}

export class OrderVersionMismatchError extends DomainError {
  constructor(id: string, expected: number, actual?: number) {
    super(
      'ORDER.VERSION_MISMATCH',
      `Order ${id} has changed since version ${expected}; read it again and retry.`,
      actual === undefined ? { id, expected } : { id, expected, actual },
    );
  }
}

export class OrderTotalTooLargeError extends DomainError {
  constructor() {
    super(
      'ORDER.TOTAL_TOO_LARGE',
      `The order total exceeds ${Number.MAX_SAFE_INTEGER} minor units.`,
    );
  }
}
