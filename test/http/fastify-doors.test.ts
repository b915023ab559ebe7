import { startTestServer } from '../support/test-server';
import { describeHttpScenario, injectSend, loopbackSend } from './http-scenario';

describeHttpScenario('Fastify inject', async () => {
  const server = await startTestServer();
  return {
    send: injectSend(server.app),
    close: server.dispose,
  };
});

describeHttpScenario('a real HTTP server on loopback', async () => {
  const server = await startTestServer();
  return {
    send: await loopbackSend(server.app),
    close: server.dispose,
  };
});
