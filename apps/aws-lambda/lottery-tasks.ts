import { lotteryModule } from '../modules/lottery/lottery.module';
import type { LambdaApp } from './composition';

export type LotteryTask = 'select' | 'validate' | 'record';

/**
 * A task function's door: the state's input (after the definition's InputPath and Parameters) is
 * the event, the step's result is the output. A failure is thrown as is: Step Functions takes its
 * name as the Error its Retry and Catch match (LOTTERY.NOT_ENOUGH_ELIGIBLE is not retried).
 */
export const lotteryTaskHandler = ({ composed }: LambdaApp, task: LotteryTask) => {
  const { steps } = composed.services(lotteryModule);
  return (event: unknown): Promise<unknown> => steps[task](event);
};
