import { DomainError } from '../shared/domain-error';

/** The operations domain's error codes, with the sentence that documents each. */
export const operationsErrorCodes = {
  'OPERATIONS.JOB_NOT_FOUND': 'No job this door schedules has this name.',
} as const;

export type OperationsErrorCode = keyof typeof operationsErrorCodes;

export class JobNotFoundError extends DomainError<OperationsErrorCode> {
  constructor(name: string) {
    super('OPERATIONS.JOB_NOT_FOUND', `No scheduled job is named ${name}.`, { name });
  }
}
