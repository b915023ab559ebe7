import { randomUUID } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Item } from './item-kind';

/** One entry of TransactWriteItems, with native JS values (lib-dynamodb marshals them). */
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** DynamoDB's CancellationReason, its item unmarshalled: 'None' for an item that was fine. */
export interface CancellationReason {
  code: string;
  /** The item as it was, when the entry asked for ReturnValuesOnConditionCheckFailure ALL_OLD. */
  item?: Item | undefined;
}

/** A condition of the write failed, so nothing was written; one reason per item, in order. */
export class WriteCancelledError extends Error {
  override readonly name = 'WriteCancelledError';

  constructor(readonly reasons: readonly CancellationReason[]) {
    super(`DynamoDB write cancelled: [${reasons.map((reason) => reason.code).join(', ')}]`);
  }

  /** The reason of entry `index` when its condition failed, else undefined. */
  conditionFailed(index: number): CancellationReason | undefined {
    const reason = this.reasons[index];
    return reason?.code === 'ConditionalCheckFailed' ? reason : undefined;
  }
}

/**
 * The seam between the repositories and DynamoDB's TransactWriteItems. Repositories describe a
 * change as the exact list of conditional writes TransactWriteItems takes; a writer applies it
 * all-or-nothing, or throws WriteCancelledError carrying DynamoDB's cancellation reasons.
 */
export interface TransactionWriter {
  write(items: readonly TransactItem[]): Promise<void>;
}

const errorName = (error: unknown): string | undefined =>
  error instanceof Error ? error.name : undefined;

const unmarshallItem = (item: Record<string, AttributeValue> | undefined): Item | undefined =>
  item ? unmarshall(item) : undefined;

const wantsOldItem = (item: TransactItem): boolean => {
  const entry = item.Put ?? item.Delete ?? item.Update ?? item.ConditionCheck;
  return entry?.ReturnValuesOnConditionCheckFailure === 'ALL_OLD';
};

/** Table and key an entry addresses (the table's key is pk/sk, see table-design.ts). */
const target = (item: TransactItem): { TableName: string; Key: Item } => {
  if (item.Put) {
    const { pk, sk } = item.Put.Item ?? {};
    return { TableName: item.Put.TableName ?? '', Key: { pk, sk } };
  }
  const entry = item.Delete ?? item.Update ?? item.ConditionCheck;
  return { TableName: entry?.TableName ?? '', Key: entry?.Key ?? {} };
};

/**
 * Applies one entry as the plain conditional write it describes; returns the item as it was
 * before when `returnOld`. ConditionalCheckFailedException becomes WriteCancelledError with the
 * current item when the entry asked for it: DynamoDB returns it with the error
 * (ReturnValuesOnConditionCheckFailure); an endpoint that ignores that option (dynalite) is
 * answered with a consistent read instead.
 */
const writeOne = async (
  doc: DynamoDBDocumentClient,
  item: TransactItem,
  options: { returnOld: boolean; index?: number; of?: number },
): Promise<Item | undefined> => {
  const returnValues = options.returnOld ? ({ ReturnValues: 'ALL_OLD' } as const) : {};
  try {
    if (item.Put) {
      return (await doc.send(new PutCommand({ ...item.Put, ...returnValues }))).Attributes;
    }
    if (item.Delete) {
      return (await doc.send(new DeleteCommand({ ...item.Delete, ...returnValues }))).Attributes;
    }
    if (item.Update) {
      return (await doc.send(new UpdateCommand({ ...item.Update, ...returnValues }))).Attributes;
    }
    throw new Error('A ConditionCheck can only be part of a TransactWriteItems call.');
  } catch (error) {
    if (errorName(error) !== 'ConditionalCheckFailedException') throw error;
    const returned = unmarshallItem((error as { Item?: Record<string, AttributeValue> }).Item);
    const current =
      returned ??
      (wantsOldItem(item)
        ? (await doc.send(new GetCommand({ ...target(item), ConsistentRead: true }))).Item
        : undefined);
    const at = options.index ?? 0;
    throw new WriteCancelledError(
      Array.from({ length: options.of ?? 1 }, (_, i) =>
        i === at ? { code: 'ConditionalCheckFailed', item: current } : { code: 'None' },
      ),
    );
  }
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface NativeTransactionWriterOptions {
  /** ClientRequestToken per logical write; random by default (injected by tests). */
  token?: () => string;
  /** Extra attempts when the only reasons are TransactionConflict (a concurrent transaction). */
  conflictRetries?: number;
  retryDelayMs?: number;
}

/**
 * Production: one TransactWriteItems call, all-or-nothing, isolated from other writes.
 *
 * - ClientRequestToken makes the SDK's own retries idempotent: without it, a retry after a lost
 *   response to a committed insert would fail its own conditions and report EMAIL_TAKEN.
 * - A one-entry list is sent as that plain conditional write: a single-item write is already
 *   atomic, and a transaction would cost twice the write capacity.
 * - TransactionConflict (another transaction held an item) is transient: retried with backoff.
 */
export class NativeTransactionWriter implements TransactionWriter {
  private readonly token: () => string;
  private readonly conflictRetries: number;
  private readonly retryDelayMs: number;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    options: NativeTransactionWriterOptions = {},
  ) {
    this.token = options.token ?? randomUUID;
    this.conflictRetries = options.conflictRetries ?? 2;
    this.retryDelayMs = options.retryDelayMs ?? 25;
  }

  async write(items: readonly TransactItem[]): Promise<void> {
    const [only] = items;
    if (items.length === 1 && only) {
      await writeOne(this.doc, only, { returnOld: false });
      return;
    }
    for (let attempt = 0; ; attempt += 1) {
      try {
        await this.doc.send(
          new TransactWriteCommand({ TransactItems: [...items], ClientRequestToken: this.token() }),
        );
        return;
      } catch (error) {
        if (errorName(error) === 'UnknownOperationException') {
          // dynalite and other emulators without transactions answer this; say what to set.
          throw new Error(
            'This DynamoDB endpoint has no TransactWriteItems (an emulator such as dynalite?): set DYNAMODB_TRANSACTIONS=sequential to run there, NOT atomic',
            { cause: error },
          );
        }
        if (errorName(error) !== 'TransactionCanceledException') throw error;
        const raw =
          (
            error as {
              CancellationReasons?: { Code?: string; Item?: Record<string, AttributeValue> }[];
            }
          ).CancellationReasons ?? [];
        const reasons = items.map((_, i) => ({
          code: raw[i]?.Code ?? 'None',
          item: unmarshallItem(raw[i]?.Item),
        }));
        const conflictOnly = reasons.every(
          (r) => r.code === 'None' || r.code === 'TransactionConflict',
        );
        if (conflictOnly && attempt < this.conflictRetries) {
          await sleep(this.retryDelayMs * 2 ** attempt * (0.5 + Math.random() / 2));
          continue;
        }
        throw new WriteCancelledError(reasons);
      }
    }
  }
}

/**
 * FOR EMULATORS WITHOUT TRANSACTIONS (dynalite) ONLY: NOT ATOMIC, NOT ISOLATED.
 *
 * Applies the very list the native writer would send, entry by entry, as the same conditional
 * single-item writes; when a condition fails it undoes the entries already applied (restoring
 * their old images, newest first) and throws the WriteCancelledError DynamoDB would have raised
 * for that entry. So, against dynalite's real wire protocol, it proves: every condition expression
 * and key is accepted by DynamoDB and holds exactly where the contract says (email taken, stale
 * version, missing user), and the items the repositories write are the ones they later read and
 * query. It does NOT prove atomicity or isolation: a reader can see a half-applied change, a
 * crash between entries leaves it half-applied, and two changes can interleave. That DynamoDB
 * receives the right TransactWriteItems call, and maps its cancellation reasons to domain errors,
 * is proven with aws-sdk-client-mock (test/adapters/dynamodb-transactions.test.ts).
 */
export class SequentialTransactionWriter implements TransactionWriter {
  constructor(private readonly doc: DynamoDBDocumentClient) {}

  async write(items: readonly TransactItem[]): Promise<void> {
    const undo: TransactItem[] = [];
    for (const [index, item] of items.entries()) {
      try {
        const old = await writeOne(this.doc, item, { returnOld: true, index, of: items.length });
        const compensation = this.compensation(item, old);
        if (compensation) undo.push(compensation);
      } catch (error) {
        for (const step of undo.reverse()) await writeOne(this.doc, step, { returnOld: false });
        throw error;
      }
    }
  }

  private compensation(item: TransactItem, old: Item | undefined): TransactItem | undefined {
    const { TableName, Key } = target(item);
    if (old) return { Put: { TableName, Item: old } };
    return item.Delete ? undefined : { Delete: { TableName, Key } };
  }
}
