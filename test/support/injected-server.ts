import { afterAll, beforeAll } from 'vitest';
import type { ServerConfig } from '../../apps/server/config';
import { injectSend } from '../http/http-scenario';
import { startTestServer } from './test-server';

/** A test server for the enclosing describe, and its `inject` door; started before, closed after. */
export const useInjectedServer = (overrides: Partial<ServerConfig> = {}) => {
  const door = {} as {
    server: Awaited<ReturnType<typeof startTestServer>>;
    send: ReturnType<typeof injectSend>;
  };
  beforeAll(async () => {
    door.server = await startTestServer(overrides);
    door.send = injectSend(door.server.app);
  });
  afterAll(() => door.server?.dispose());
  return door;
};
