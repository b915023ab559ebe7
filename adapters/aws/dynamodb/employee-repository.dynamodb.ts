import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { Candidate, Employee, EmployeeView, Winner } from '../../../domain/lottery/employee';
import {
  decodeCursor,
  encodeCursor,
  type Page,
  type PageRequest,
} from '../../../domain/shared/pagination';
import type {
  ClaimOutcome,
  EmployeeFilter,
  EmployeeRepository,
  RemoveOutcome,
} from '../../../ports/employee-repository.port';
import { forEachConcurrently } from './batch-items';
import { isConditionFailure } from './condition-failure';
import type { DynamoDbTable } from './dynamodb-store';
import { keysetMerge, keysetPage, type PartitionSource } from './keyset-query';
import {
  EMPLOYEE_SORT_PREFIX,
  eligibleListKey,
  eligiblePartitions,
  employeeKey,
  employeeListKey,
  employeePartitions,
  itemToCandidate,
  itemToEmployeeView,
  itemToWinner,
  WINNER_SORT_PREFIX,
  winnerDrawPrefix,
  winnerListKey,
  winnerPartitions,
} from './lottery-items';
import { queryWhole } from './query-whole';
import { GSI1, GSI2 } from './table-design';

/** Writes in flight for an import or a claim: enough to hide round trips, few enough not to throttle. */
const WRITES_IN_FLIGHT = 8;

const winnerCursorSchema = z.strictObject({
  after: z.string().check(z.minLength(1), z.maxLength(1000)),
});

/**
 * Employees in the single table (lottery-items.ts). Lists read the sharded GSIs and are
 * eventually consistent, like every list on DynamoDB: a draw may select someone claimed a moment
 * ago, and the claim, a conditional write on the employee item, refuses them; the workflow then
 * selects again. Point reads and claims are strongly consistent.
 */
export class DynamoDbEmployeeRepository implements EmployeeRepository {
  private readonly doc: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(table: Pick<DynamoDbTable, 'doc' | 'tableName'>) {
    this.doc = table.doc;
    this.tableName = table.tableName;
  }

  /**
   * One UpdateItem each: name and email set, and the employee put on the eligible list only if
   * on no list yet (`if_not_exists`), so a past winner re-imported stays a winner, even if the
   * claim lands between our read and write (there is no read).
   */
  async upsertMany(employees: readonly Employee[]): Promise<void> {
    await forEachConcurrently(employees, WRITES_IN_FLIGHT, async ({ id, name, email }) => {
      const list = eligibleListKey(id);
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: employeeKey(id),
          UpdateExpression:
            'SET #id = :id, #name = :name, gsi2pk = :g2pk, gsi2sk = :g2sk, ' +
            'gsi1pk = if_not_exists(gsi1pk, :g1pk), gsi1sk = if_not_exists(gsi1sk, :g1sk)' +
            (email === undefined ? ' REMOVE email' : ', email = :email'),
          ExpressionAttributeNames: { '#id': 'id', '#name': 'name' },
          ExpressionAttributeValues: {
            ':id': id,
            ':name': name,
            ':g2pk': employeeListKey(id).gsi2pk,
            ':g2sk': employeeListKey(id).gsi2sk,
            ':g1pk': list.gsi1pk,
            ':g1sk': list.gsi1sk,
            ...(email === undefined ? {} : { ':email': email }),
          },
        }),
      );
    });
  }

  async find(id: string): Promise<EmployeeView | null> {
    const { Item } = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: employeeKey(id), ConsistentRead: true }),
    );
    return Item ? itemToEmployeeView(Item) : null;
  }

  list(filter: EmployeeFilter, page: PageRequest): Promise<Page<EmployeeView>> {
    const sources: PartitionSource[] =
      filter.eligible === true
        ? eligiblePartitions().map((partition) => ({
            index: GSI1,
            partition,
            prefix: EMPLOYEE_SORT_PREFIX,
          }))
        : employeePartitions().map((partition) => ({
            index: GSI2,
            partition,
            prefix: EMPLOYEE_SORT_PREFIX,
            ...(filter.eligible === false
              ? { filter: { expression: 'attribute_exists(wonDraw)', names: {}, values: {} } }
              : {}),
          }));
    return keysetPage(this.doc, this.tableName, sources, page, itemToEmployeeView);
  }

  async eligible(): Promise<Candidate[]> {
    const shards = await Promise.all(
      eligiblePartitions().map((partition) =>
        queryWhole(this.doc, this.tableName, GSI1, partition),
      ),
    );
    return shards.flat().map(itemToCandidate);
  }

  async remove(id: string): Promise<RemoveOutcome> {
    try {
      await this.doc.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: employeeKey(id),
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(wonDraw)',
        }),
      );
      return { outcome: 'removed' };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await this.find(id);
      return current?.wonDraw ? { outcome: 'won', drawId: current.wonDraw } : { outcome: 'absent' };
    }
  }

  async claim(
    drawId: string,
    candidates: readonly Candidate[],
    wonAt: string,
  ): Promise<ClaimOutcome> {
    const outcome: ClaimOutcome = { claimed: [], taken: [] };
    await forEachConcurrently(candidates, WRITES_IN_FLIGHT, async ({ id }) => {
      const list = winnerListKey(id, drawId);
      try {
        const { Attributes } = await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: employeeKey(id),
            UpdateExpression:
              'SET wonDraw = :draw, wonAt = if_not_exists(wonAt, :at), gsi1pk = :g1pk, gsi1sk = :g1sk',
            // Exists, and no draw but this one has won it: the one rule that keeps winners unique.
            ConditionExpression:
              'attribute_exists(pk) AND (attribute_not_exists(wonDraw) OR wonDraw = :draw)',
            ExpressionAttributeValues: {
              ':draw': drawId,
              ':at': wonAt,
              ':g1pk': list.gsi1pk,
              ':g1sk': list.gsi1sk,
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        outcome.claimed.push(itemToWinner(Attributes ?? {}));
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        outcome.taken.push(id);
      }
    });
    return outcome;
  }

  async release(drawId: string): Promise<void> {
    const held = await this.winnersOf(drawId);
    await forEachConcurrently(held, WRITES_IN_FLIGHT, async ({ employeeId }) => {
      const list = eligibleListKey(employeeId);
      try {
        await this.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: employeeKey(employeeId),
            UpdateExpression: 'REMOVE wonDraw, wonAt SET gsi1pk = :g1pk, gsi1sk = :g1sk',
            ConditionExpression: 'wonDraw = :draw',
            ExpressionAttributeValues: {
              ':draw': drawId,
              ':g1pk': list.gsi1pk,
              ':g1sk': list.gsi1sk,
            },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    });
  }

  async winnersOf(drawId: string): Promise<Winner[]> {
    const shards = await Promise.all(
      winnerPartitions().map((partition) =>
        queryWhole(this.doc, this.tableName, GSI1, partition, winnerDrawPrefix(drawId)),
      ),
    );
    return shards
      .flat()
      .map(itemToWinner)
      .sort((a, b) => (a.employeeId < b.employeeId ? -1 : 1));
  }

  async listWinners(page: PageRequest): Promise<Page<Winner>> {
    const after = page.cursor ? decodeCursor(page.cursor, winnerCursorSchema).after : '';
    const sortKeyOf = (winner: Winner) => `${winner.drawId}\u0001${winner.employeeId}`;
    const { items, more } = await keysetMerge(
      this.doc,
      this.tableName,
      winnerPartitions().map((partition) => ({
        index: GSI1,
        partition,
        prefix: WINNER_SORT_PREFIX,
      })),
      after,
      page.limit,
      itemToWinner,
      sortKeyOf,
    );
    const last = items.at(-1);
    return { items, nextCursor: more && last ? encodeCursor({ after: sortKeyOf(last) }) : null };
  }
}
