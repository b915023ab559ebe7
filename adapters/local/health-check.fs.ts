import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { HealthCheck } from '../../ports/health-check.port';

/** The object store's directory can be read and written. */
export class FsObjectStoreHealthCheck implements HealthCheck {
  readonly name = 'filesystem';

  constructor(private readonly root: string) {}

  async check(): Promise<void> {
    try {
      await access(this.root, constants.R_OK | constants.W_OK);
    } catch (error) {
      // The code, not the message: /health is public and the message holds the path.
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      throw new Error(`the objects directory cannot be used (${code})`);
    }
  }
}
