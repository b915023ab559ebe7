import type { DeadLetter, QueueStats, ReceivedJob } from '../../ports/job-queue.port';
import { updateRecord } from '../shared/versioned-records';
import { giveBackCancelledStock } from './cancelled-order-stock';
import { handleDataExport } from './data-export';
import { purgeExpiredExports } from './expired-exports';
import { countSettledJobs, type JobCounts, jobCountsOn } from './job-counts';
import { idempotencyKey, type JobMessage } from './job-messages';
import { type BatchResult, MessageProcessor } from './message-processor';
import {
  ExportNotFoundError,
  FulfilmentNotFoundError,
  PreferencesVersionMismatchError,
  ShipmentNotFoundError,
} from './messaging-errors';
import type { MessagingOptions, MessagingPorts } from './messaging-ports';
import { handleOrderCreated } from './order-fulfilment';
import { handlePaymentCompleted, recordPayment } from './payments';
import {
  COLLECTIONS,
  EXPORT_PREFIX,
  type ExportRecord,
  type Fulfilment,
  type Payment,
  type Preferences,
  type RecordPaymentInput,
  type Shipment,
  type UpdatePreferencesInput,
} from './records';
import { openExport, redriveStalledExports } from './stalled-exports';
import {
  defaultPreferences,
  handleUserSignup,
  SIGNUP_SHARDS,
  type SignupShard,
  signupShardId,
} from './user-signup';

/**
 * The messaging domain: jobs sent for the other domains' events, the consumer that handles
 * them, and the records the handlers keep (preferences, fulfilments, payments, shipments,
 * exports), with the queue's operations.
 */
export class MessagingService {
  readonly processor: MessageProcessor;

  constructor(
    private readonly ports: MessagingPorts,
    private readonly options: MessagingOptions,
  ) {
    this.processor = new MessageProcessor(
      {
        user_signup: handleUserSignup(ports),
        order_created: handleOrderCreated(ports, options),
        payment_completed: handlePaymentCompleted(ports),
        data_export: handleDataExport(ports),
      },
      ports.processed,
      ports,
      { batchNotification: options.batchNotification },
    );
  }

  get jobs() {
    return this.ports.jobs;
  }

  /** Sends a job, deduplicated on its idempotency key where the queue can. */
  async enqueue(message: JobMessage, delaySeconds = 0): Promise<string> {
    return this.ports.jobs.send({
      body: JSON.stringify(message),
      dedupId: idempotencyKey(message),
      ...(delaySeconds > 0 ? { delaySeconds } : {}),
    });
  }

  /** Handles a batch and adds what it settled to the day's job counts (job-counts.ts). */
  async processBatch(jobs: readonly ReceivedJob[]): Promise<BatchResult> {
    const result = await this.processor.processBatch(jobs, this.options.maxReceiveCount);
    const day = this.ports.clock.now().toISOString().slice(0, 10);
    await countSettledJobs(this.ports.docs, day, result.summary);
    return result;
  }

  /** The jobs processed and dead-lettered on a UTC day (`2026-11-30`). */
  jobsOn(day: string): Promise<JobCounts> {
    return jobCountsOn(this.ports.docs, day);
  }

  /** A user's preferences; the defaults until their signup job or a PATCH stores them. */
  async preferences(userId: string): Promise<Preferences> {
    await this.ports.users.get(userId);
    const stored = await this.ports.docs.get<Preferences>(COLLECTIONS.preferences, userId);
    return stored?.value ?? defaultPreferences(userId, this.ports.clock.now().toISOString());
  }

  async updatePreferences(
    userId: string,
    input: UpdatePreferencesInput,
    expectedVersion?: number,
  ): Promise<Preferences> {
    await this.ports.users.get(userId);
    const now = this.ports.clock.now().toISOString();
    const stored = await updateRecord<Preferences>(
      this.ports.docs,
      COLLECTIONS.preferences,
      userId,
      (before) => {
        const current = before ?? { ...defaultPreferences(userId, now), version: 0 };
        if (expectedVersion !== undefined && expectedVersion !== current.version) {
          throw new PreferencesVersionMismatchError(userId, expectedVersion, current.version);
        }
        return {
          ...current,
          channels: { ...current.channels, ...input.channels },
          ...(input.newsletter === undefined ? {} : { newsletter: input.newsletter }),
          ...(input.language === undefined ? {} : { language: input.language }),
          updatedAt: now,
          version: current.version + 1,
        };
      },
    );
    return stored.value;
  }

  /** How many users signed up on a UTC day (`2026-11-30`), counted by their signup jobs. */
  async signupsOn(day: string): Promise<number> {
    const shards = await Promise.all(
      Array.from({ length: SIGNUP_SHARDS }, (_, shard) =>
        this.ports.docs.get<SignupShard>(COLLECTIONS.signups, signupShardId(day, shard)),
      ),
    );
    return shards.reduce((sum, shard) => sum + (shard?.value.userIds.length ?? 0), 0);
  }

  /** Whose order it is: the routes let a user's own token read and pay only their orders. */
  async ownerOfOrder(orderId: string): Promise<string> {
    return (await this.ports.orders.get(orderId)).userId;
  }

  /** Whose export it is; an export of every user (null) is an admin's. */
  async ownerOfExport(id: string): Promise<string | undefined> {
    return (await this.getExport(id)).userId ?? undefined;
  }

  async fulfilment(orderId: string): Promise<Fulfilment> {
    await this.ports.orders.get(orderId);
    const stored = await this.ports.docs.get<Fulfilment>(COLLECTIONS.fulfilment, orderId);
    if (!stored) throw new FulfilmentNotFoundError(orderId);
    return stored.value;
  }

  /** A cancelled order's reserved stock given back, once (cancelled-order-stock.ts). */
  giveBackCancelledStock(orderId: string): Promise<void> {
    return giveBackCancelledStock(this.ports)(orderId);
  }

  async pay(orderId: string, input: RecordPaymentInput): Promise<Payment> {
    const payment = await recordPayment(this.ports, orderId, input);
    await this.enqueue({ type: 'payment_completed', orderId, paymentId: payment.id });
    return payment;
  }

  async shipment(orderId: string): Promise<Shipment> {
    await this.ports.orders.get(orderId);
    const stored = await this.ports.docs.get<Shipment>(COLLECTIONS.shipment, orderId);
    if (!stored) throw new ShipmentNotFoundError(orderId);
    return stored.value;
  }

  /** Starts an export of one user's orders, or of everyone's (userId null). */
  async requestExport(userId: string | null): Promise<ExportRecord> {
    if (userId !== null) await this.ports.users.get(userId);
    const id = this.ports.ids.next();
    const record: ExportRecord = {
      id,
      userId,
      status: 'pending',
      rows: 0,
      bytes: 0,
      key: `${EXPORT_PREFIX}${id}.csv`,
      url: null,
      urlExpiresAt: null,
      createdAt: this.ports.clock.now().toISOString(),
      completedAt: null,
    };
    await this.ports.docs.put(COLLECTIONS.export, id, record, null);
    await openExport(this.ports, id);
    await this.enqueue({ type: 'data_export', exportId: id });
    return record;
  }

  async getExport(id: string): Promise<ExportRecord> {
    const stored = await this.ports.docs.get<ExportRecord>(COLLECTIONS.export, id);
    if (!stored) throw new ExportNotFoundError(id);
    return stored.value;
  }

  queueStats(): Promise<QueueStats> {
    return this.ports.jobs.stats();
  }

  deadLetters(limit: number): Promise<DeadLetter[]> {
    return this.ports.jobs.deadLetters(limit);
  }

  redrive(): Promise<number> {
    return this.ports.jobs.redrive();
  }

  /** The hourly re-drive's part: exports left pending or running (stalled-exports.ts). */
  redriveStalledExports(): Promise<{ exportsRedriven: string[]; exportsFailed: string[] }> {
    return redriveStalledExports(this.ports);
  }

  /** The weekly maintenance's part: exports past their link, records and files (expired-exports.ts). */
  purgeExpiredExports(): Promise<string[]> {
    return purgeExpiredExports(this.ports);
  }
}
