import { injectSend } from '../http/http-scenario';
import { startTestServer } from '../support/test-server';
import { describeMessagingScenario, type Notice } from './messaging-scenario';

describeMessagingScenario('the server (SQLite queue, job worker)', async () => {
  const server = await startTestServer({ jobsPollMs: 20 });
  const send = injectSend(server.app);
  return {
    send,
    settle: async () => {
      for (;;) {
        const relayed = (await server.relay?.drain()) ?? 0;
        let handled = 0;
        for (const worker of server.workers) handled += await worker.drain();
        const stats = await server.composed.consumers[0]!.queue.stats();
        if (relayed + handled + stats.depth + (stats.inFlight ?? 0) === 0) return;
        // The worker's own loop holds a batch: let it finish.
        if (handled === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    notified: async () =>
      (await send({ method: 'GET', path: '/notifications?limit=100' })).body.items as Notice[],
    download: async (url) =>
      (await send({ method: 'GET', path: new URL(url).pathname + new URL(url).search })).text,
    sendRaw: async (body) => {
      await server.composed.consumers[0]!.queue.send({ body });
    },
    close: server.dispose,
  };
});
