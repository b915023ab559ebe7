import * as z from 'zod/mini';
import { named } from '../shared/zod';
import { winnerSchema } from './employee';

export const drawStatusSchema = z.enum(['running', 'succeeded', 'failed']);
export type DrawStatus = z.infer<typeof drawStatusSchema>;

/** One event of a draw's execution, as Step Functions' history has them. */
export const historyEntrySchema = named(
  z.object({
    at: z.string(),
    type: z
      .string()
      .check(
        z.describe(
          'ExecutionStarted, StateEntered, StateExited, StateRetried, StateCaught, StateFailed, ExecutionSucceeded, ExecutionFailed...',
        ),
      ),
    state: z.optional(z.string()),
    /** The state's input (entered) or output (exited), shortened. */
    summary: z.optional(z.string()),
    /** Which retry this is (StateRetried). */
    attempt: z.optional(z.int()),
    error: z.optional(z.string()),
    cause: z.optional(z.string()),
  }),
  'LotteryDrawHistoryEntry',
);
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

export const drawRecordSchema = named(
  z.object({
    id: z.string().check(z.describe('The draw id, also the name of its workflow execution')),
    winners: z.int().check(z.describe('How many winners the draw asked for')),
    status: drawStatusSchema,
    selected: z.array(winnerSchema).check(z.describe('The winners, once recorded')),
    message: z.nullable(z.string()).check(z.describe('The notification sent to the winners')),
    history: z.array(historyEntrySchema),
    error: z.nullable(z.object({ code: z.string(), cause: z.string() })),
    createdAt: z.string(),
    updatedAt: z.string(),
    finishedAt: z.nullable(z.string()),
  }),
  'LotteryDraw',
);
export type DrawRecord = z.infer<typeof drawRecordSchema>;

/** A history keeps its first entries: a draw stopped after MAX_ROUNDS rounds stays well under. */
export const MAX_HISTORY = 400;
const SUMMARY_CHARS = 300;

/** A state's data, shortened for the history (a select of 1,000 winners is not kept whole). */
export const summarize = (value: unknown): string => {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > SUMMARY_CHARS ? `${text.slice(0, SUMMARY_CHARS)}...` : text;
};

export const newDrawRecord = (id: string, winners: number, at: string): DrawRecord => ({
  id,
  winners,
  status: 'running',
  selected: [],
  message: null,
  history: [],
  error: null,
  createdAt: at,
  updatedAt: at,
  finishedAt: null,
});

/** The notification of the reference design, word for word. */
export const congratulations = (names: readonly string[]): string =>
  `Congrats! [${names.join(' ')}] You have selected as the Lucky Champ!`;
