import type { DrawRecord } from '../domain/lottery/draw-record';
import type { Page, PageRequest } from '../domain/shared/pagination';

/**
 * Runs the draw state machine (domain/lottery/draw-workflow.asl.json): Step Functions on AWS,
 * an in-process engine on the server and in a queue-triggered function on Azure.
 */
export interface DrawWorkflow {
  /** Starts the draw `id` (the execution's name); its record can be read at once. */
  start(draw: { id: string; winners: number }): Promise<DrawRecord>;
  find(id: string): Promise<DrawRecord | null>;
  /** The draws, most recently started first, a page at a time. */
  list(page: PageRequest): Promise<Page<DrawRecord>>;
  /**
   * Runs again the draws a stopped process left running, those not saved for `staleAfterMs`;
   * absent where the platform does it (Step Functions, a queue's redelivery).
   */
  resume?(staleAfterMs: number): Promise<unknown>;
}
