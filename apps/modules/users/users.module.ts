import { userErrors, userRoutes } from '../../../adapters/http/routes/user.routes';
import { userAudit } from '../../../domain/users/user-audit';
import { UserService } from '../../../domain/users/user-service';
import type { UserRepository } from '../../../ports/user-repository.port';
import { defineModule } from '../domain-module';

export interface UserStores {
  users: UserRepository;
}

export interface UserServices {
  users: UserService;
}

export const usersModule = defineModule<UserStores, UserServices>({
  name: 'users',
  errors: userErrors,
  stores: {
    memory: () => import('./users.memory').then((slice) => slice.usersOnMemory),
    sqlite: () => import('./users.sqlite').then((slice) => slice.usersOnSqlite),
    dynamodb: () => import('./users.dynamodb').then((slice) => slice.usersOnDynamoDb),
    'azure-tables': () => import('./users.tables').then((slice) => slice.usersOnTables),
  },
  services: ({ stores, clock, ids }) => ({ users: new UserService(stores.users, clock, ids) }),
  routes: ({ users }) => userRoutes(users),
  reactions: [userAudit],
});
