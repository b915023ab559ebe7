import { MemoryOrderRepository } from '../../../adapters/memory/order-repository.memory';
import type { MemoryOutbox } from '../../../adapters/memory/outbox.memory';

export const ordersOnMemory = {
  create: (outbox: MemoryOutbox) => ({ orders: new MemoryOrderRepository(outbox) }),
};
