import { MemoryDrawStore } from '../../../adapters/memory/draw-store.memory';
import { MemoryEmployeeRepository } from '../../../adapters/memory/employee-repository.memory';

export const lotteryOnMemory = {
  create: () => ({ employees: new MemoryEmployeeRepository(), draws: new MemoryDrawStore() }),
};
