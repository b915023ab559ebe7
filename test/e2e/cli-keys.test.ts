import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../support/cli';
import { tempDir } from '../support/temp-dir';
import { startTestServer } from '../support/test-server';

describe('npm run cli -- keys', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir('cli-keys-');
  });
  afterEach(() => dir.remove());

  it('creates a key shown once, lists and revokes keys; the server takes the live one only', async () => {
    const env = { DATA_DIR: dir.path };
    const created = await cli(['keys', 'create', '--name', 'deploys', '--role', 'writer'], env);
    expect(created.code, created.stderr).toBe(0);
    const key = /^(ak_([a-z0-9]{12})_\S+)$/m.exec(created.stdout);
    expect(key).not.toBeNull();
    const [, secret, id] = key!;
    const doomed = await cli(['keys', 'create', '--name', 'old', '--role', 'admin'], env);
    const [, doomedKey, doomedId] = /^(ak_([a-z0-9]{12})_\S+)$/m.exec(doomed.stdout)!;

    expect((await cli(['keys', 'revoke', doomedId!], env)).code).toBe(0);
    const listed = await cli(['keys', 'list'], env);
    expect(listed.stdout).toMatch(new RegExp(`^${id}\\s+writer\\s+active\\s.*deploys$`, 'm'));
    expect(listed.stdout).toMatch(new RegExp(`^${doomedId}\\s+admin\\s+revoked `, 'm'));
    expect(listed.stdout).not.toContain(secret!.slice(16));

    const unknown = await cli(['keys', 'revoke', 'nosuchkey000'], env);
    expect([unknown.code, unknown.stderr.trim()]).toEqual([1, 'No key nosuchkey000.']);

    const server = await startTestServer({ dataDir: dir.path, auth: 'required' });
    try {
      const post = (credential: string) =>
        server.app.inject({
          method: 'PUT',
          url: '/inventory/Oslo/milk',
          headers: { 'x-api-key': credential },
          payload: { count: 1 },
        });
      expect((await post(secret!)).statusCode).toBe(200);
      expect((await post(doomedKey!)).statusCode).toBe(401);
    } finally {
      await server.dispose();
    }
  });
});
