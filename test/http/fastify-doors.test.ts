import { startTestServer } from '../support/test-server';
import { decodeResponse, describeHttpScenario, encodeBody, injectSend } from './http-scenario';

describeHttpScenario('Fastify inject', async () => {
  const server = await startTestServer();
  return {
    send: injectSend(server.app),
    close: server.dispose,
  };
});

describeHttpScenario('a real HTTP server on loopback', async () => {
  const server = await startTestServer();
  const base = await server.app.listen({ host: '127.0.0.1', port: 0 });
  return {
    async send(request) {
      const { headers, body } = encodeBody(request);
      const res = await fetch(`${base}${request.path}`, { method: request.method, headers, body });
      return decodeResponse(res.status, Object.fromEntries(res.headers), await res.text());
    },
    close: server.dispose,
  };
});
