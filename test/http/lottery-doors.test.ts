import { describe, expect, it } from 'vitest';
import type { LocalDrawWorkflow } from '../../adapters/local/draw-workflow.local';
import { lotteryModule } from '../../apps/modules/lottery/lottery.module';
import type { Notification } from '../../ports/notifier.port';
import { startTestServer } from '../support/test-server';
import { injectSend } from './http-scenario';
import { describeLotteryDoor } from './lottery-scenario';

// ------------------------------------------------------------------ the embedded server

describeLotteryDoor('the Fastify server (SQLite, the document run in-process)', async () => {
  const server = await startTestServer();
  const workflow = server.composed.services(lotteryModule).workflow as LocalDrawWorkflow;
  const send = injectSend(server.app);
  return {
    send,
    settle: () => workflow.idle(),
    notifications: async () => {
      const res = await send({ method: 'GET', path: '/notifications' });
      return res.body.items
        .map(({ subject, message }: Notification) => ({ subject, message }))
        .reverse();
    },
    close: async () => {
      await workflow.idle();
      await server.dispose();
    },
  };
});
