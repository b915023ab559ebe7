import type { Reaction } from '../shared/reaction';
import type { MessagingService } from './messaging-service';

type Ports = { services: { messaging: MessagingService } };

/** A created user gets a user_signup job (welcome, preferences, the signup counted). */
export const signupJob: Reaction<Ports> = {
  name: 'messaging-user-signup-job',
  on: ['user.created'],
  run: async (event, { services }) => {
    await services.messaging.enqueue({ type: 'user_signup', userId: event.aggregateId });
  },
};

/** A created order gets an order_created job: its fulfilment. */
export const fulfilmentJob: Reaction<Ports> = {
  name: 'messaging-order-created-job',
  on: ['order.created'],
  run: async (event, { services }) => {
    await services.messaging.enqueue({ type: 'order_created', orderId: event.aggregateId });
  },
};
