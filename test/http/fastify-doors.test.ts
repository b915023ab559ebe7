import { startTestServer } from '../support/test-server';
import { decodeResponse, describeHttpScenario, encodeBody } from './http-scenario';

describeHttpScenario('Fastify inject', async () => {
  const server = await startTestServer();
  return {
    async send(request) {
      const { headers, body } = encodeBody(request);
      const res = await server.app.inject({
        method: request.method as 'GET',
        url: request.path,
        headers,
        ...(body === undefined ? {} : { payload: body }),
      });
      return decodeResponse(res.statusCode, res.headers as Record<string, string>, res.body);
    },
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
