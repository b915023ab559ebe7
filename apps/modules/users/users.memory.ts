import type { MemoryOutbox } from '../../../adapters/memory/outbox.memory';
import { MemoryUserRepository } from '../../../adapters/memory/user-repository.memory';

export const usersOnMemory = {
  create: (outbox: MemoryOutbox) => ({ users: new MemoryUserRepository(outbox) }),
};
