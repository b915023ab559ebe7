import { composeLambda } from '../composition';
import { withInvocationLogging } from '../lambda-logger';
import { lotteryTaskHandler } from '../lottery-tasks';

// A task state of the lottery's state machine (domain/lottery/draw-workflow.asl.json).
const app = composeLambda(process.env, 'lottery-select', ['TABLE_NAME']);

export const handler = withInvocationLogging(app.logger, lotteryTaskHandler(app, 'select'));
