import type { Clock } from '../../ports/clock.port';
import type { LiveConnectionStore } from '../../ports/live-connection-store.port';
import type { LivePush } from '../../ports/live-push.port';
import type { Logger } from '../../ports/logger.port';
import { roleIncludes } from '../access';
import type { DomainEvent } from '../shared/domain-event';
import { issuesFromZod } from '../shared/validation';
import type { LiveConnection, LiveRole } from './live-connection';
import {
  errorFrame,
  type LiveFrame,
  liveRequestSchema,
  MAX_MESSAGE_DATA_BYTES,
} from './live-messages';
import { matchesAnyPattern } from './type-pattern';

/** API Gateway's longest WebSocket connection is 2 hours; a little more and it is surely gone. */
const CONNECTION_TTL_SECONDS = 2 * 60 * 60 + 5 * 60;

export interface LiveFeedDeps {
  connections: LiveConnectionStore;
  push: LivePush;
  clock: Clock;
  logger: Logger;
}

/** What a delivery or a broadcast did, for the log line. */
export interface PushSummary {
  sent: number;
  gone: number;
  failed: number;
}

const maySend = (role: LiveRole) => role === 'open' || roleIncludes(role, 'writer');

const byteLength = (text: string) => new TextEncoder().encode(text).length;

/** Every problem zod found, one human sentence (the error frame has no `details`). */
const issuesText = (error: Parameters<typeof issuesFromZod>[0]) =>
  issuesFromZod(error)
    .map(({ path, message }) => (path ? `${path}: ${message}` : message))
    .join('; ');

/**
 * The live feed's protocol (README, "Live feed"), the same behind every door: a door registers
 * the connections it accepts, hands over each text frame a client sends, and the event delivery
 * hands over each committed event; frames go out through the door's push. Delivery is
 * best-effort per connection: a connection that is gone is forgotten, one that fails is logged
 * and skipped, and neither holds up the others.
 */
export class LiveFeed {
  constructor(private readonly deps: LiveFeedDeps) {}

  /**
   * Registers a connection the door authenticated (every role may read; a credential without one
   * is refused at the handshake); it is subscribed to nothing yet.
   */
  async connect(id: string, role: LiveRole): Promise<LiveConnection> {
    const now = this.deps.clock.now();
    const connection: LiveConnection = {
      id,
      role,
      patterns: [],
      connectedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + CONNECTION_TTL_SECONDS * 1000).toISOString(),
    };
    await this.deps.connections.put(connection);
    return connection;
  }

  async disconnect(id: string): Promise<void> {
    await this.deps.connections.delete(id);
  }

  /** One text frame from a client: a subscription, a message to the others, or an error reply. */
  async receive(id: string, text: string): Promise<void> {
    const connection = await this.deps.connections.get(id);
    if (!connection) {
      return this.reply(
        id,
        errorFrame('LIVE.INVALID_MESSAGE', 'This connection is not known (it expired); reconnect.'),
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return this.reply(id, errorFrame('LIVE.INVALID_MESSAGE', 'The message is not JSON.'));
    }
    const action = (json as { action?: unknown } | null)?.action;
    if (action !== 'subscribe' && action !== 'sendMessage') {
      return this.reply(
        id,
        errorFrame(
          'LIVE.INVALID_MESSAGE',
          'Expected an object whose action is subscribe or sendMessage.',
        ),
      );
    }
    const parsed = liveRequestSchema.safeParse(json);
    if (!parsed.success) {
      return this.reply(id, errorFrame('LIVE.INVALID_MESSAGE', issuesText(parsed.error)));
    }
    const request = parsed.data;
    if (request.action === 'subscribe') {
      const types = [...new Set(request.types)];
      await this.deps.connections.setSubscriptions(id, types);
      return this.reply(id, { type: 'subscribed', types });
    }
    return this.broadcast(connection, request.data);
  }

  /** A committed event to every connection subscribed to its type. */
  async deliver(event: DomainEvent): Promise<PushSummary> {
    const connections = await this.deps.connections.list();
    const targets = connections.filter((c) => matchesAnyPattern(c.patterns, event.type));
    return this.postAll(targets, { type: 'event', event });
  }

  private async broadcast(sender: LiveConnection, data: unknown): Promise<void> {
    if (!maySend(sender.role)) {
      return this.reply(
        sender.id,
        errorFrame(
          'LIVE.FORBIDDEN',
          'sendMessage needs the writer role; this connection is read-only.',
        ),
      );
    }
    const serialized = data === undefined ? undefined : JSON.stringify(data);
    if (serialized === undefined) {
      return this.reply(sender.id, errorFrame('LIVE.INVALID_MESSAGE', 'sendMessage needs data.'));
    }
    if (byteLength(serialized) > MAX_MESSAGE_DATA_BYTES) {
      return this.reply(
        sender.id,
        errorFrame(
          'LIVE.INVALID_MESSAGE',
          `data is larger than ${MAX_MESSAGE_DATA_BYTES} bytes serialized.`,
        ),
      );
    }
    const others = (await this.deps.connections.list()).filter((c) => c.id !== sender.id);
    const { sent } = await this.postAll(others, { type: 'message', from: sender.id, data });
    return this.reply(sender.id, { type: 'sent', recipients: sent });
  }

  private async reply(id: string, frame: LiveFrame): Promise<void> {
    await this.postAll([{ id }], frame);
  }

  private async postAll(
    targets: readonly { id: string }[],
    frame: LiveFrame,
  ): Promise<PushSummary> {
    const text = JSON.stringify(frame);
    const summary: PushSummary = { sent: 0, gone: 0, failed: 0 };
    await Promise.all(
      targets.map(async ({ id }) => {
        try {
          if ((await this.deps.push.post(id, text)) === 'sent') {
            summary.sent += 1;
            return;
          }
          summary.gone += 1;
          await this.deps.connections.delete(id);
        } catch (error) {
          summary.failed += 1;
          this.deps.logger.warn(
            { err: error, connectionId: id, frame: frame.type },
            'live push failed',
          );
        }
      }),
    );
    return summary;
  }
}
