/** What other domains may use of users. */
export type { User } from './user';
export { UserNotFoundError } from './user-errors';
export type { UserCreated } from './user-events';
export type { UserService } from './user-service';
