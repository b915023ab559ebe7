import { MemoryNotifier } from '../../../adapters/memory/notifier.memory';
import { MemoryOutbox } from '../../../adapters/memory/outbox.memory';
import { MemoryProcessedEventStore } from '../../../adapters/memory/processed-event-store.memory';
import type { AnyModule } from '../../modules/domain-module';
import { type OpenStore, storesByModule } from './open-store';

/** Everything in memory: a throwaway demo, gone on restart. */
export const openMemoryStore = async (modules: readonly AnyModule[]): Promise<OpenStore> => {
  const outbox = new MemoryOutbox();
  const slices = await Promise.all(modules.map((module) => module.stores.memory()));
  return {
    kind: 'memory',
    storesOf: storesByModule(
      modules,
      slices.map((slice) => slice.create(outbox)),
    ),
    processed: new MemoryProcessedEventStore(),
    outbox: { store: outbox, onCommit: (listener) => outbox.onAppend(listener) },
    notifications: new MemoryNotifier(),
    healthChecks: [],
    close: () => undefined,
  };
};
