import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { type HistoryEntry, MAX_HISTORY, summarize } from '../../../domain/lottery/draw-record';

const parsed = (text: string | undefined): unknown => {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

const FAILURES: Record<string, keyof HistoryEvent> = {
  LambdaFunctionFailed: 'lambdaFunctionFailedEventDetails',
  LambdaFunctionTimedOut: 'lambdaFunctionTimedOutEventDetails',
  TaskFailed: 'taskFailedEventDetails',
  TaskTimedOut: 'taskTimedOutEventDetails',
};
const SCHEDULED = new Set(['LambdaFunctionScheduled', 'TaskScheduled']);

/**
 * A Step Functions execution history (GetExecutionHistory) as the draw's history: the same entry
 * types the in-process engine records. Step Functions has no retry or catch events: a task
 * scheduled again after its failure is a retry, and a Fail state entered after a failure means
 * the failure was caught.
 */
export const historyOfExecution = (events: readonly HistoryEvent[]): HistoryEntry[] => {
  const entries: HistoryEntry[] = [];
  const failures = new Map<string, number>();
  let current: string | undefined;
  let lastFailed: string | undefined;
  for (const event of events) {
    const at = (event.timestamp ?? new Date(0)).toISOString();
    const type = event.type ?? '';
    if (type.endsWith('StateEntered') && event.stateEnteredEventDetails) {
      const { name, input } = event.stateEnteredEventDetails;
      if (type === 'FailStateEntered' && lastFailed)
        entries.push({ at, type: 'StateCaught', state: lastFailed });
      current = name;
      entries.push({
        at,
        type: 'StateEntered',
        ...(name ? { state: name } : {}),
        summary: summarize(parsed(input)),
      });
    } else if (type.endsWith('StateExited') && event.stateExitedEventDetails) {
      const { name, output } = event.stateExitedEventDetails;
      entries.push({
        at,
        type: 'StateExited',
        ...(name ? { state: name } : {}),
        summary: summarize(parsed(output)),
      });
    } else if (FAILURES[type]) {
      const details = event[FAILURES[type]] as { error?: string; cause?: string } | undefined;
      lastFailed = current;
      if (current) failures.set(current, (failures.get(current) ?? 0) + 1);
      entries.push({
        at,
        type: 'StateFailed',
        ...(current ? { state: current } : {}),
        error: details?.error ?? type,
        cause: details?.cause ?? '',
      });
    } else if (
      SCHEDULED.has(type) &&
      current &&
      (failures.get(current) ?? 0) > 0 &&
      lastFailed === current
    ) {
      entries.push({
        at,
        type: 'StateRetried',
        state: current,
        attempt: failures.get(current) ?? 1,
      });
      lastFailed = undefined;
    } else if (type === 'ExecutionStarted' || type === 'ExecutionSucceeded') {
      entries.push({ at, type });
    } else if (type === 'ExecutionFailed') {
      const details = event.executionFailedEventDetails;
      entries.push({
        at,
        type,
        error: details?.error ?? 'States.Runtime',
        cause: details?.cause ?? '',
      });
    }
  }
  return entries.slice(0, MAX_HISTORY);
};
