import type { HealthCheck } from '../../../ports/health-check.port';
import type { BlobObjectStore } from './object-store.blob';

/** The container exists and the credentials may read it. */
export class BlobHealthCheck implements HealthCheck {
  readonly name = 'azure-blob';

  constructor(private readonly store: BlobObjectStore) {}

  async check(): Promise<void> {
    await this.store.container.getProperties();
  }
}
