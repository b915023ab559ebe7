import { DomainError } from '../shared/domain-error';

/** The lottery domain's error codes, with the sentence that documents each. */
export const lotteryErrorCodes = {
  'LOTTERY.EMPLOYEE_NOT_FOUND': 'No employee has this id.',
  'LOTTERY.EMPLOYEE_HAS_WON':
    'The employee won a past draw; winners stay on record with the draw that picked them.',
  'LOTTERY.IMPORT_INVALID':
    'The body is neither a JSON array of employees, a DynamoDB batch-write request-items document, nor a CSV employee_id,employee_name[,email].',
  'LOTTERY.NOT_ENOUGH_ELIGIBLE':
    'Fewer employees who never won than the draw asks for; details has asked and eligible.',
  'LOTTERY.TOO_MANY_ROUNDS':
    'Concurrent draws kept taking the employees this draw selected, round after round; draw again.',
  'LOTTERY.DRAW_NOT_FOUND': 'No draw has this id.',
} as const;

export type LotteryErrorCode = keyof typeof lotteryErrorCodes;

/**
 * The workflow engines match a task's error by its name (Step Functions takes a Lambda error's
 * `errorType` from `error.name`), so lottery errors are named by their code: a Retry or Catch
 * can name them, and a draw's failure reads back as the code.
 */
export class LotteryError extends DomainError<LotteryErrorCode> {
  override readonly name: string;

  constructor(code: LotteryErrorCode, message: string, details?: unknown) {
    super(code, message, details);
    this.name = code;
  }
}

export class EmployeeNotFoundError extends LotteryError {
  constructor(id: string) {
    super('LOTTERY.EMPLOYEE_NOT_FOUND', `Employee ${id} does not exist.`, { id });
  }
}

export class EmployeeHasWonError extends LotteryError {
  constructor(id: string, drawId: string) {
    super(
      'LOTTERY.EMPLOYEE_HAS_WON',
      `Employee ${id} won draw ${drawId} and stays on its record.`,
      { id, drawId },
    );
  }
}

export class ImportInvalidError extends LotteryError {
  constructor(message: string) {
    super('LOTTERY.IMPORT_INVALID', message);
  }
}

export class NotEnoughEligibleError extends LotteryError {
  constructor(
    readonly asked: number,
    readonly eligible: number,
  ) {
    super(
      'LOTTERY.NOT_ENOUGH_ELIGIBLE',
      `The draw asks for ${asked} winners but only ${eligible} employees have never won.`,
      { asked, eligible },
    );
  }
}

export class TooManyRoundsError extends LotteryError {
  constructor(rounds: number) {
    super(
      'LOTTERY.TOO_MANY_ROUNDS',
      `Concurrent draws took this draw's picks in ${rounds} rounds in a row; draw again.`,
      { rounds },
    );
  }
}

export class DrawNotFoundError extends LotteryError {
  constructor(id: string) {
    super('LOTTERY.DRAW_NOT_FOUND', `Draw ${id} does not exist.`, { id });
  }
}
