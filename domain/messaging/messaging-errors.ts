import { DomainError } from '../shared/domain-error';

/** The messaging domain's error codes, with the sentence that documents each. */
export const messagingErrorCodes = {
  'MESSAGING.EXPORT_NOT_FOUND': 'No export has this id.',
  'MESSAGING.SHIPMENT_NOT_FOUND': 'The order has no shipment yet: it is not paid.',
  'MESSAGING.FULFILMENT_NOT_FOUND': 'The order has not been through fulfilment yet.',
  'MESSAGING.ORDER_NOT_PAYABLE': 'Only a confirmed order can be paid.',
  'MESSAGING.PAYMENT_MISMATCH': 'The payment is not the order’s total in the order’s currency.',
  'MESSAGING.PREFERENCES_VERSION_MISMATCH':
    'The preferences changed since the version given (If-Match).',
} as const;

export type MessagingErrorCode = keyof typeof messagingErrorCodes;

export class ExportNotFoundError extends DomainError<MessagingErrorCode> {
  constructor(id: string) {
    super('MESSAGING.EXPORT_NOT_FOUND', `Export ${id} does not exist.`, { id });
  }
}

export class ShipmentNotFoundError extends DomainError<MessagingErrorCode> {
  constructor(orderId: string) {
    super('MESSAGING.SHIPMENT_NOT_FOUND', `Order ${orderId} has no shipment yet.`, { orderId });
  }
}

export class FulfilmentNotFoundError extends DomainError<MessagingErrorCode> {
  constructor(orderId: string) {
    super('MESSAGING.FULFILMENT_NOT_FOUND', `Order ${orderId} is not fulfilled yet.`, { orderId });
  }
}

export class OrderNotPayableError extends DomainError<MessagingErrorCode> {
  constructor(orderId: string, status: string) {
    super(
      'MESSAGING.ORDER_NOT_PAYABLE',
      `Order ${orderId} is ${status}; only a confirmed order can be paid.`,
      {
        orderId,
        status,
      },
    );
  }
}

export class PaymentMismatchError extends DomainError<MessagingErrorCode> {
  constructor(
    expected: { amount: number; currency: string },
    got: { amount: number; currency: string },
  ) {
    super(
      'MESSAGING.PAYMENT_MISMATCH',
      `The order is ${expected.amount} ${expected.currency} (minor units); the payment is ${got.amount} ${got.currency}.`,
      { expected, got },
    );
  }
}

export class PreferencesVersionMismatchError extends DomainError<MessagingErrorCode> {
  constructor(userId: string, expected: number, actual: number) {
    super(
      'MESSAGING.PREFERENCES_VERSION_MISMATCH',
      `The preferences of user ${userId} changed since version ${expected}; read them again.`,
      { userId, expected, actual },
    );
  }
}
