import { encodeOrderedKey, escapeKey, type PartitionLayout } from './table-keys';

/*
 * Every employee is in one partition, `lottery-employees|`, so a claim is one entity-group
 * transaction over three rows: the employee marked won, its `eligible|` row deleted (which fails
 * if another draw deleted it first) and a `winner|` row created. Each list a draw reads is a
 * range of its own rows: those who never won, one draw's winners. Ids are in the order-preserving
 * encoding, so ranges list by id. A draw is a partition of its own.
 */
export const EMPLOYEES_PARTITION = 'lottery-employees|';
const DRAW_PREFIX = 'lottery-draw|';
export const DRAW_ROW = 'draw';
export const EMPLOYEE_ROW = 'employee|';
export const ELIGIBLE_ROW = 'eligible|';
export const WINNER_ROW = 'winner|';

export const employeeRow = (id: string) => EMPLOYEE_ROW + encodeOrderedKey(id);
export const eligibleRow = (id: string) => ELIGIBLE_ROW + encodeOrderedKey(id);
export const winnerDrawRows = (drawId: string) => `${WINNER_ROW}${encodeOrderedKey(drawId)}|`;
export const winnerRow = (drawId: string, id: string) =>
  winnerDrawRows(drawId) + encodeOrderedKey(id);
export const drawPartition = (id: string) => DRAW_PREFIX + escapeKey(id);
export const DRAW_PARTITIONS = DRAW_PREFIX;
/** The list of draws, newest first (newest-first-index.ts). */
export const DRAW_LIST_PARTITION = 'lottery-draws|';

export const lotteryPartitions: readonly PartitionLayout[] = [
  {
    name: 'lottery-employees',
    prefix: EMPLOYEES_PARTITION,
    rows: [
      `${EMPLOYEE_ROW}<id*>: an employee (wonDraw, wonAt once a draw picked them)`,
      `${ELIGIBLE_ROW}<id*>: present while the employee never won`,
      `${WINNER_ROW}<drawId*>|<id*>: a winner of a draw`,
    ],
  },
  {
    name: 'lottery-draw',
    prefix: DRAW_PREFIX,
    rows: [`${DRAW_ROW}: a draw and its history`],
    listed: { row: DRAW_ROW, list: DRAW_LIST_PARTITION },
  },
  {
    name: 'lottery-draw-list',
    prefix: DRAW_LIST_PARTITION,
    rows: ['<createdAt, id in reverse order>: the id of a draw, newest first'],
  },
];
