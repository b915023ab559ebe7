import type { DynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import type { ItemKind } from '../../adapters/aws/dynamodb/item-kind';
import type { PartitionLayout } from '../../adapters/azure/tables/table-keys';
import type { TableStore } from '../../adapters/azure/tables/table-store';
import type { ErrorTable } from '../../adapters/http/error-table';
import type { Route } from '../../adapters/http/route';
import type { MemoryOutbox } from '../../adapters/memory/outbox.memory';
import type { SqliteDatabase, SqliteSchema } from '../../adapters/sqlite/sqlite-database';
import type { Reaction } from '../../domain/shared/reaction';
import type { Clock } from '../../ports/clock.port';
import type { IdGenerator } from '../../ports/id-generator.port';
import type { JobQueue, JobSettlement, ReceivedJob } from '../../ports/job-queue.port';
import type { Logger } from '../../ports/logger.port';
import type { Notifier } from '../../ports/notifier.port';
import type { ObjectStore } from '../../ports/object-store.port';
import type { OutboxRedrive } from '../../ports/outbox-redrive.port';
import type { StoreHousekeeping } from '../../ports/store-housekeeping.port';

/** The record stores a module provides repositories for; STORE=<kind> picks one. */
export const STORE_KINDS = ['sqlite', 'memory', 'dynamodb', 'azure-tables'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** The ports every app gives the modules, whatever the platform. */
export interface Platform {
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  objects: ObjectStore;
  notifier: Notifier;
  /** The store's purge of its own bookkeeping, where it has one (not DynamoDB: TTL). */
  housekeeping?: StoreHousekeeping;
  /** The outbox relay, where the app relays one (not Lambda: the table's stream delivers). */
  outbox?: OutboxRedrive;
}

/*
 * One technology's part of a module: what it declares to that technology (tables, item kinds,
 * partitions) and how its repositories are made on it. Loaded on demand (`() => import(...)`),
 * so an app carries and loads only the technology it runs on.
 */
export interface MemorySlice<S> {
  create(outbox: MemoryOutbox): S;
}
export interface SqliteSlice<S> {
  schema: SqliteSchema;
  create(db: SqliteDatabase): S;
}
export interface DynamoDbSlice<S> {
  itemKinds: readonly ItemKind[];
  create(table: DynamoDbTable): S;
}
export interface TablesSlice<S> {
  partitions: readonly PartitionLayout[];
  create(store: TableStore): S;
}
export interface StoreSlices<S> {
  memory(): Promise<MemorySlice<S>>;
  sqlite(): Promise<SqliteSlice<S>>;
  dynamodb(): Promise<DynamoDbSlice<S>>;
  'azure-tables'(): Promise<TablesSlice<S>>;
}

/** What a module's services are built from. */
export interface ServiceContext<S, O> extends Platform {
  /** This module's repositories on the app's record store. */
  stores: S;
  /** What the app set for this module (batch sizes...), if anything. */
  options: Partial<O>;
  /** Another module's stores and services: it must come earlier in the module list. */
  use<OS, OV>(module: DomainModule<OS, OV, never>): { stores: OS; services: OV };
}

export interface RouteContext {
  /**
   * Announces an object a route stored, where no platform event does (the embedded server): the
   * app runs its object handler in the background, as an S3 notification or a blob trigger would.
   * Absent on the clouds, whose object-created triggers do it.
   */
  objectCreated?(key: string): void;
  /**
   * Every job the door schedules (the app's heartbeat and each module's), ready to run; read
   * when asked, as the door knows them only once every module is composed. Absent off the doors
   * (the CLI).
   */
  scheduledJobs?(): readonly DoorScheduledJob[];
}

/** A job a door schedules, as the routes list and run it. */
export interface DoorScheduledJob {
  name: string;
  cron: string;
  description: string;
  run(): Promise<void>;
}

/** What a handler or job reports of its work, for the log line. */
export type WorkSummary = Record<string, unknown>;

/** Objects created under a prefix, and what the module does with each. */
export interface ObjectHandler<V> {
  /** The key prefix the module owns (`inventory/`): S3 notification filter, blob dispatch. */
  prefix: string;
  /** The one call every object-created trigger makes (S3, blob trigger, Event Grid, local upload). */
  onCreated(services: V, key: string): Promise<WorkSummary>;
  /**
   * Work a stop may have cut short, found at start by a long-lived app (the server): every key
   * under `prefix` is offered to `run`, which does what is unfinished (null: nothing was).
   */
  resume?: { prefix: string; run(services: V, key: string): Promise<WorkSummary | null> };
  /**
   * On AWS, a function of its own for this prefix rather than the shared object-created one:
   * work that needs a native binary or more memory (images: sharp). Its S3 notifications filter
   * on the prefix and each suffix (S3 matches suffixes case-sensitively).
   */
  ownFunction?: { name: string; suffixes: readonly string[]; description: string };
}

/** The three ways the apps run. */
export type Door = 'server' | 'aws' | 'azure';

/** A job run on a schedule by every door: croner on the server, EventBridge, Azure timers. */
export interface ScheduledJob<V> {
  name: string;
  /** Five-field cron (minute hour day-of-month month day-of-week), UTC. */
  cron: string;
  description: string;
  /**
   * Where it is scheduled, when not on every door: a job that only the server has work for
   * (resuming its in-process draws) would otherwise invoke a function on a timer for nothing.
   */
  doors?: readonly Door[];
  /** Safe to repeat: the platforms retry a failed run. */
  run(services: V, platform: Platform): Promise<void>;
}

/**
 * A queue of jobs a module consumes. Every door hands the batches it receives to `process` (the
 * server's worker polling the queue, the SQS event source, the Storage Queue trigger) and
 * settles each job as told, alone: only the failed ones come back.
 */
export interface JobConsumer<V> {
  queue(services: V): JobQueue;
  /** One settlement per job, in the order given. */
  process(services: V, jobs: readonly ReceivedJob[]): Promise<JobSettlement[]>;
}

/**
 * A domain, as the apps see it: the one place that says what it brings. The error table, the
 * migrations, the stream mapper, the object-created dispatch, the reactions and the composition
 * of every app are folds over the list of modules (modules.ts), so a new domain adds its own
 * files and one line there.
 *
 * S: its repositories (on any store technology); V: its services; O: its options.
 */
export interface DomainModule<S, V, O = Record<string, never>> {
  name: string;
  /** Its error codes, with their HTTP statuses and descriptions. */
  errors: ErrorTable;
  stores: StoreSlices<S>;
  services(context: ServiceContext<S, O>): V;
  routes?(services: V, context: RouteContext): Route[];
  /** Work its events cause, run on every door by the event delivery. */
  reactions?: readonly Reaction<Platform & { services: V }>[];
  objects?: readonly ObjectHandler<V>[];
  schedules?: readonly ScheduledJob<V>[];
  jobs?: JobConsumer<V>;
}

// biome-ignore lint/suspicious/noExplicitAny: a list holds modules of every shape
export type AnyModule = DomainModule<any, any, any>;

/** Identity, for inference: the module's parts are checked against one another. */
export const defineModule = <S, V, O = Record<string, never>>(
  module: DomainModule<S, V, O>,
): DomainModule<S, V, O> => module;
