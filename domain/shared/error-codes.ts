import { inventoryErrorCodes } from '../inventory/inventory-errors';

/**
 * The catalogue of every domain error code, with the sentence that documents it.
 * Codes are stable strings (not classes) because `instanceof` does not survive a
 * process boundary; adapters/http maps each one to a status in a single table.
 */
export const domainErrorCodes = {
  'VALIDATION.FAILED': 'The input did not pass validation; details lists every bad field.',
  'PAGINATION.INVALID_CURSOR': 'The cursor was not issued by this API or has been tampered with.',
  'USER.NOT_FOUND': 'No user has this id.',
  'USER.EMAIL_TAKEN': 'Another user already has this email (compared case-insensitively).',
  'USER.VERSION_MISMATCH': 'The user changed since the version given (If-Match or version).',
  'ORDER.NOT_FOUND': 'No order has this id.',
  'ORDER.USER_NOT_FOUND': 'The order names a user that does not exist.',
  'ORDER.INVALID_TRANSITION': 'The order cannot move from its current status to the one asked.',
  'ORDER.VERSION_MISMATCH': 'The order changed since the version given (If-Match or version).',
  'ORDER.TOTAL_TOO_LARGE': 'The order total exceeds the largest amount that can be stored exactly.',
  ...inventoryErrorCodes,
} as const;

export type DomainErrorCode = keyof typeof domainErrorCodes;
