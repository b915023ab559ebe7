import * as z from 'zod/mini';
import type { Clock } from '../../ports/clock.port';
import type { EmployeeRepository } from '../../ports/employee-repository.port';
import type { RandomSource } from '../../ports/random.port';
import { parseOrThrow } from '../shared/validation';
import { congratulations } from './draw-record';
import type { Candidate, Winner } from './employee';
import { NotEnoughEligibleError, TooManyRoundsError } from './lottery-errors';
import { pickDistinct } from './pick-distinct';

/** Most winners one draw may ask for: a bound on one state's data (Step Functions: 256 KiB). */
export const MAX_WINNERS = 1000;

const candidateSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.optional(z.string()),
});

/** What every task of the draw receives: the draw, and what the states before it added. */
const drawDataSchema = z.looseObject({
  drawId: z.string().check(z.minLength(1), z.maxLength(80)),
  winners: z.int().check(z.gte(1), z.lte(MAX_WINNERS)),
  round: z._default(z.int().check(z.gte(0)), 0),
});
const validateInputSchema = z.extend(drawDataSchema, { selected: z.array(candidateSchema) });

export interface SelectOutput {
  drawId: string;
  winners: number;
  round: number;
  selected: Candidate[];
}

export interface ValidateOutput {
  drawId: string;
  winners: number;
  round: number;
  /** The Choice's question: did any selected employee win meanwhile? Then select again. */
  pastWinner: boolean;
  taken: string[];
  /** Once none had: the winners' names and the notification. */
  names?: string[];
  message?: string;
}

export interface RecordOutput {
  drawId: string;
  winners: Winner[];
}

export interface DrawStepsOptions {
  /** Select rounds a draw may take before giving up to concurrent draws (the Choice loop's bound). */
  maxRounds?: number;
}

/** The draw's own defect, not the caller's: the workflow retries it, then fails. */
export class DrawIncompleteError extends Error {
  override readonly name = 'LOTTERY.DRAW_INCOMPLETE';
}

/**
 * The task states of the draw workflow, one method each, the same code on every door (local
 * handlers, one Lambda per task). Each takes the state's input as data and is idempotent, so a
 * retry, a redelivery or a resumed run repeats it safely: the winners a draw holds are read back
 * from the store, never only carried in the workflow's data.
 */
export class DrawSteps {
  private readonly maxRounds: number;

  constructor(
    private readonly employees: EmployeeRepository,
    private readonly random: RandomSource,
    private readonly clock: Clock,
    options: DrawStepsOptions = {},
  ) {
    this.maxRounds = options.maxRounds ?? 25;
  }

  /**
   * Random Select Winners: as many employees who never won as the draw still lacks, uniformly,
   * in one pass over those eligible. Too few fails the draw at once, giving back what it held.
   */
  async select(input: unknown): Promise<SelectOutput> {
    const { drawId, winners, round } = parseOrThrow(drawDataSchema, input);
    const held = await this.employees.winnersOf(drawId);
    if (round >= this.maxRounds) {
      await this.employees.release(drawId);
      throw new TooManyRoundsError(round);
    }
    const need = winners - held.length;
    const eligible = need > 0 ? await this.employees.eligible() : [];
    if (eligible.length < need) {
      await this.employees.release(drawId);
      throw new NotEnoughEligibleError(winners, eligible.length + held.length);
    }
    return {
      drawId,
      winners,
      round: round + 1,
      selected: pickDistinct(eligible, need, this.random),
    };
  }

  /**
   * Validate Winners: has any of them won before? Answered by claiming each with a conditional
   * write, so the answer cannot go stale: those another draw won first are reported and the
   * Choice sends the draw back to select the rest.
   */
  async validate(input: unknown): Promise<ValidateOutput> {
    const { drawId, winners, round, selected } = parseOrThrow(validateInputSchema, input);
    const { claimed, taken } = await this.employees.claim(
      drawId,
      selected,
      this.clock.now().toISOString(),
    );
    if (taken.length > 0) return { drawId, winners, round, pastWinner: true, taken };
    // Those held from earlier rounds, read back, and those just claimed (a store whose lists lag
    // its writes, as DynamoDB's indexes do, may not list them yet).
    const held = new Map((await this.employees.winnersOf(drawId)).map((w) => [w.employeeId, w]));
    for (const winner of claimed) held.set(winner.employeeId, winner);
    const names = [...held.values()]
      .sort((a, b) => (a.employeeId < b.employeeId ? -1 : 1))
      .map((winner) => winner.employeeName);
    return {
      drawId,
      winners,
      round,
      pastWinner: false,
      taken,
      names,
      message: congratulations(names),
    };
  }

  /** Record Winner Queue: the draw's winners as stored, all of them. */
  async record(input: unknown): Promise<RecordOutput> {
    const { drawId, winners } = parseOrThrow(drawDataSchema, input);
    const recorded = await this.employees.winnersOf(drawId);
    if (recorded.length !== winners) {
      throw new DrawIncompleteError(
        `Draw ${drawId} holds ${recorded.length} of ${winners} winners`,
      );
    }
    return { drawId, winners: recorded };
  }
}
