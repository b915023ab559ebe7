import { liveErrors } from '../../../adapters/http/routes/live.errors';
import { LiveFeed } from '../../../domain/live';
import type { LiveConnectionStore } from '../../../ports/live-connection-store.port';
import type { LivePush } from '../../../ports/live-push.port';
import { defineModule } from '../domain-module';

export interface LiveStores {
  connections: LiveConnectionStore;
}

export interface LiveServices {
  /**
   * The feed over a door's push (its sockets, or PostToConnection). `connections` defaults to this
   * module's store; the server passes its own in-memory one whatever its record store, since only
   * the process holding a socket can push to it.
   */
  feedWith(push: LivePush, connections?: LiveConnectionStore): LiveFeed;
}

/**
 * The live event feed (README, "Live feed"): no routes of its own (each door mounts its
 * WebSocket endpoint) and no reaction: a reaction writes a dedupe mark per event, and the feed
 * is best-effort, so the doors hand it every event straight from their delivery.
 */
export const liveModule = defineModule<LiveStores, LiveServices>({
  name: 'live',
  errors: liveErrors,
  stores: {
    memory: () => import('./live.memory').then((slice) => slice.liveOnMemory),
    sqlite: () => import('./live.sqlite').then((slice) => slice.liveOnSqlite),
    dynamodb: () => import('./live.dynamodb').then((slice) => slice.liveOnDynamoDb),
    'azure-tables': () => import('./live.tables').then((slice) => slice.liveOnTables),
  },
  services: ({ stores, clock, logger }) => ({
    feedWith: (push, connections = stores.connections) =>
      new LiveFeed({ connections, push, clock, logger: logger.child({ module: 'live' }) }),
  }),
});
