import { DomainError } from '../shared/domain-error';
import type { OrderStatus } from './order';
import { ORDER_TRANSITIONS } from './order';

/** The orders domain's error codes, with the sentence that documents each. */
export const orderErrorCodes = {
  'ORDER.NOT_FOUND': 'No order has this id.',
  'ORDER.USER_NOT_FOUND': 'The order names a user that does not exist.',
  'ORDER.INVALID_TRANSITION': 'The order cannot move from its current status to the one asked.',
  'ORDER.VERSION_MISMATCH': 'The order changed since the version given (If-Match or version).',
  'ORDER.TOTAL_TOO_LARGE': 'The order total exceeds the largest amount that can be stored exactly.',
} as const;

export type OrderErrorCode = keyof typeof orderErrorCodes;

export class OrderNotFoundError extends DomainError<OrderErrorCode> {
  constructor(id: string) {
    super('ORDER.NOT_FOUND', `Order ${id} does not exist.`, { id });
  }
}

export class OrderUserNotFoundError extends DomainError<OrderErrorCode> {
  constructor(userId: string) {
    super('ORDER.USER_NOT_FOUND', `User ${userId} does not exist.`, { userId });
  }
}

export class InvalidTransitionError extends DomainError<OrderErrorCode> {
  constructor(id: string, from: OrderStatus, to: OrderStatus) {
    super('ORDER.INVALID_TRANSITION', `Order ${id} cannot move from ${from} to ${to}.`, {
      id,
      from,
      to,
      allowed: ORDER_TRANSITIONS[from],
    });
  }
}

export class OrderVersionMismatchError extends DomainError<OrderErrorCode> {
  constructor(id: string, expected: number, actual?: number) {
    super(
      'ORDER.VERSION_MISMATCH',
      `Order ${id} has changed since version ${expected}; read it again and retry.`,
      actual === undefined ? { id, expected } : { id, expected, actual },
    );
  }
}

export class OrderTotalTooLargeError extends DomainError<OrderErrorCode> {
  constructor() {
    super(
      'ORDER.TOTAL_TOO_LARGE',
      `The order total exceeds ${Number.MAX_SAFE_INTEGER} minor units.`,
    );
  }
}
