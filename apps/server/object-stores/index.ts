import type { HealthCheck } from '../../../ports/health-check.port';
import type { ObjectStore } from '../../../ports/object-store.port';
import type { StoreContext } from '../stores/store-adapters';

export interface ObjectStoreAdapters {
  objects: ObjectStore;
  healthChecks: HealthCheck[];
  close?(): Promise<void> | void;
}

export type ObjectStoreFactory = (
  context: StoreContext,
) => Promise<ObjectStoreAdapters> | ObjectStoreAdapters;

/** OBJECTS=<name> picks one; add a platform's object store here and it becomes a valid OBJECTS value. */
export const objectStoreFactories = {} satisfies Record<string, ObjectStoreFactory>;
