import * as z from 'zod/mini';
import { type DrawRecord, drawRecordSchema } from '../../../domain/lottery/draw-record';
import {
  type Candidate,
  type EmployeeView,
  viewOf,
  type Winner,
} from '../../../domain/lottery/employee';
import { readStored, readStoredJson } from '../../../domain/shared/stored-record';
import type { Item, ItemKind } from './item-kind';
import { newestFirstSortKey } from './newest-first-query';
import { GSI2, type ItemKey, shardOf, shardPartitions } from './table-design';

/*
 * | item     | pk                    | sk       | gsi1pk / gsi1sk                                           | gsi2pk / gsi2sk                         |
 * | employee | LOTTERY_EMPLOYEE#<id> | EMPLOYEE | never won: LOTTERY_ELIGIBLE#<shard> / EMPLOYEE#<id>        | LOTTERY_EMPLOYEES#<shard> / EMPLOYEE#<id> |
 * |          |                       |          | winner: LOTTERY_WINNERS#<shard> / WINNER#<draw>\u0001<id>  |                                         |
 * | draw     | LOTTERY_DRAW#<id>     | DRAW     | while running: LOTTERY_DRAWS_RUNNING / DRAW#<id>           | LOTTERY_DRAWS / DRAW#<createdAt>\u0001<id*> |
 *
 * A winner is the employee item itself, won by one conditional UpdateItem that also moves it from
 * the eligible list to the winners list (gsi1): no transaction (dynalite has none), and no state
 * in which someone is both or neither. The eligible list holds only those who never won, so a draw
 * reads them in time proportional to their number, not to the employees'. Every draw is in the
 * gsi2 list, read backwards for newest first (newest-first-query.ts).
 */
const EMPLOYEE = { pk: 'LOTTERY_EMPLOYEE#', sk: 'EMPLOYEE' } as const;
const DRAW = { pk: 'LOTTERY_DRAW#', sk: 'DRAW' } as const;
export const ELIGIBLE_LIST = 'LOTTERY_ELIGIBLE#';
export const WINNER_LIST = 'LOTTERY_WINNERS#';
export const EMPLOYEE_LIST = 'LOTTERY_EMPLOYEES#';
export const RUNNING_DRAWS = 'LOTTERY_DRAWS_RUNNING';
export const DRAW_LIST = { partition: 'LOTTERY_DRAWS', prefix: 'DRAW#' } as const;
export const EMPLOYEE_SORT_PREFIX = 'EMPLOYEE#';
export const WINNER_SORT_PREFIX = 'WINNER#';

export const employeeKey = (id: string): ItemKey => ({
  pk: `${EMPLOYEE.pk}${id}`,
  sk: EMPLOYEE.sk,
});
export const drawKey = (id: string): ItemKey => ({ pk: `${DRAW.pk}${id}`, sk: DRAW.sk });

export const eligiblePartitions = (): string[] => shardPartitions(ELIGIBLE_LIST);
export const winnerPartitions = (): string[] => shardPartitions(WINNER_LIST);
export const employeePartitions = (): string[] => shardPartitions(EMPLOYEE_LIST);

export const eligibleListKey = (id: string) => ({
  gsi1pk: `${ELIGIBLE_LIST}${shardOf(id)}`,
  gsi1sk: `${EMPLOYEE_SORT_PREFIX}${id}`,
});
export const winnerDrawPrefix = (drawId: string) => `${WINNER_SORT_PREFIX}${drawId}\u0001`;
export const winnerListKey = (id: string, drawId: string) => ({
  gsi1pk: `${WINNER_LIST}${shardOf(id)}`,
  gsi1sk: `${winnerDrawPrefix(drawId)}${id}`,
});
export const employeeListKey = (id: string) => ({
  gsi2pk: `${EMPLOYEE_LIST}${shardOf(id)}`,
  gsi2sk: `${EMPLOYEE_SORT_PREFIX}${id}`,
});

const employeeItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.optional(z.string()),
  wonDraw: z.optional(z.string()),
  wonAt: z.optional(z.string()),
});

const readEmployee = (item: Item) => readStored(employeeItemSchema, item, 'lottery employee');

export const itemToEmployeeView = (item: Item): EmployeeView => {
  const { id, name, email, wonDraw, wonAt } = readEmployee(item);
  return viewOf(
    { id, name, ...(email === undefined ? {} : { email }) },
    wonDraw === undefined ? undefined : { drawId: wonDraw, wonAt: wonAt ?? '' },
  );
};

export const itemToCandidate = (item: Item): Candidate => {
  const { id, name, email } = readEmployee(item);
  return email === undefined ? { id, name } : { id, name, email };
};

export const itemToWinner = (item: Item): Winner => {
  const { id, name, email, wonDraw, wonAt } = readEmployee(item);
  return {
    employeeId: id,
    employeeName: name,
    ...(email === undefined ? {} : { email }),
    drawId: wonDraw ?? '',
    wonAt: wonAt ?? '',
  };
};

/** A draw's place in the gsi2 list of draws. */
const drawListKeys = (draw: DrawRecord) => ({
  pk: DRAW_LIST.partition,
  sk: `${DRAW_LIST.prefix}${newestFirstSortKey(draw)}`,
});

export const drawToItem = (draw: DrawRecord): Item => {
  const list = drawListKeys(draw);
  return {
    ...drawKey(draw.id),
    ...(draw.status === 'running' ? { gsi1pk: RUNNING_DRAWS, gsi1sk: `DRAW#${draw.id}` } : {}),
    gsi2pk: list.pk,
    gsi2sk: list.sk,
    status: draw.status,
    record: JSON.stringify(draw),
  };
};

export const itemToDraw = (item: Item): DrawRecord =>
  readStoredJson(drawRecordSchema, String(item.record), `draw ${String(item.pk)}`);

/** No events: a draw's outcome is its record and its notification. */
export const lotteryItemKinds: readonly ItemKind[] = [
  { name: 'lottery-employee', key: EMPLOYEE },
  {
    name: 'lottery-draw',
    key: DRAW,
    listed: { index: GSI2, keysOf: (item) => drawListKeys(itemToDraw(item)) },
  },
];
