import { ManualClock } from '../../adapters/memory/clock.memory';
import { SequentialIdGenerator } from '../../adapters/memory/id-generator.memory';
import { MemoryOrderRepository } from '../../adapters/memory/order-repository.memory';
import { MemoryOutbox } from '../../adapters/memory/outbox.memory';
import { MemoryUserRepository } from '../../adapters/memory/user-repository.memory';
import { OrderService } from '../../domain/orders/order-service';
import { UserService } from '../../domain/users/user-service';

/** The domain on memory adapters with a manual clock and readable ids: no I/O at all. */
export const memoryWorld = () => {
  const clock = new ManualClock();
  const ids = new SequentialIdGenerator();
  const outbox = new MemoryOutbox();
  const userRepository = new MemoryUserRepository(outbox);
  const orderRepository = new MemoryOrderRepository(outbox);
  return {
    clock,
    ids,
    outbox,
    userRepository,
    orderRepository,
    users: new UserService(userRepository, clock, ids),
    orders: new OrderService(orderRepository, userRepository, clock, ids),
    events: () => outbox.all(),
  };
};
