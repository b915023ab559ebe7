import { accessModule } from './access/access.module';
import { documentsModule } from './documents/documents.module';
import type { AnyModule } from './domain-module';
import { imagesModule } from './images/images.module';
import { inventoryModule } from './inventory/inventory.module';
import { liveModule } from './live/live.module';
import { lotteryModule } from './lottery/lottery.module';
import { messagingModule } from './messaging/messaging.module';
import { operationsModule } from './operations/operations.module';
import { ordersModule } from './orders/orders.module';
import { usersModule } from './users/users.module';

/**
 * Every domain the apps serve, in dependency order (a module may use those before it). A new
 * domain is its own files plus one line here; every app, store and door folds over this list.
 */
export const modules: readonly AnyModule[] = [
  accessModule,
  usersModule,
  ordersModule,
  inventoryModule,
  lotteryModule,
  imagesModule,
  documentsModule,
  messagingModule,
  operationsModule,
  liveModule,
];
