import type { OpenStore } from '../../apps/composition/stores/open-store';
import type { User } from '../../domain/users/user';
import type { UserRepository } from '../../ports/user-repository.port';

export const benchUser: User = {
  id: '01a20deb-5ca9-75ce-af55-d65e0e2e75ba',
  name: 'Bench User',
  email: 'bench@example.com',
  age: null,
  status: 'active',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
};

const unused = () => Promise.reject(new Error('not used by the benchmark'));

/** Any port: every method refuses (the benchmarks read one user only). */
export const refusing = <T extends object>(): T =>
  new Proxy({} as T, { get: (_target, name) => (name === 'then' ? undefined : unused) });

/**
 * A record store that answers the bench user from a constant, as the raw handlers and the bare
 * Fastify app do, so a door's figure is its own cost: translation, routing, zod, the domain
 * call, the error table, headers.
 */
export const stubStore = (): OpenStore => {
  const users: UserRepository = {
    findById: async (id) => (id === benchUser.id ? benchUser : null),
    findByEmail: unused,
    list: unused,
    insert: unused,
    update: unused,
    delete: unused,
  };
  return {
    kind: 'memory',
    storesOf: (module) =>
      module.name === 'users'
        ? { users }
        : new Proxy({}, { get: (_target, name) => (name === 'then' ? undefined : refusing()) }),
    processed: { has: unused, record: unused },
    healthChecks: [],
    close: () => undefined,
  };
};
