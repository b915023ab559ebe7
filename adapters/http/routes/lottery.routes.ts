import * as z from 'zod/mini';
import { drawRecordSchema } from '../../../domain/lottery/draw-record';
import { MAX_WINNERS } from '../../../domain/lottery/draw-steps';
import {
  employeeIdSchema,
  employeeViewSchema,
  winnerSchema,
} from '../../../domain/lottery/employee';
import { lotteryErrorCodes } from '../../../domain/lottery/lottery-errors';
import type { LotteryService } from '../../../domain/lottery/lottery-service';
import { pageQuerySchema } from '../../../domain/shared/pagination';
import { named } from '../../../domain/shared/zod';
import { errorTable } from '../error-table';
import { defineRoute, type Route } from '../route';
import { idParamsSchema, pageOf, recordPageQuerySchema } from './schemas';

/** Employees files are small next to stock files: 100,000 rows of CSV fit well under this. */
export const MAX_EMPLOYEES_BYTES = 10 * 1024 * 1024;

export const lotteryErrors = errorTable(lotteryErrorCodes, {
  'LOTTERY.EMPLOYEE_NOT_FOUND': 404,
  'LOTTERY.EMPLOYEE_HAS_WON': 409,
  'LOTTERY.IMPORT_INVALID': 400,
  'LOTTERY.NOT_ENOUGH_ELIGIBLE': 409,
  'LOTTERY.TOO_MANY_ROUNDS': 409,
  'LOTTERY.DRAW_NOT_FOUND': 404,
});

const importSummarySchema = named(
  z.object({
    rowsRead: z.int(),
    rowsImported: z.int(),
    rowsRejected: z.int(),
    rejected: z.array(z.object({ line: z.int(), reason: z.string() })),
  }),
  'LotteryImport',
);
const employeePageSchema = pageOf(employeeViewSchema, 'LotteryEmployeePage');
const winnerPageSchema = pageOf(winnerSchema, 'LotteryWinnerPage');
const drawPageSchema = pageOf(drawRecordSchema, 'LotteryDrawPage');
const listEmployeesQuery = z.extend(pageQuerySchema, {
  eligible: z.optional(z.enum(['true', 'false'])),
});
const drawBodySchema = z.strictObject({
  winners: z.int().check(z.gte(1), z.lte(MAX_WINNERS)),
});

export const lotteryRoutes = (lottery: LotteryService): Route[] => [
  defineRoute({
    method: 'POST',
    path: '/lottery/employees',
    operationId: 'importLotteryEmployees',
    summary:
      'Import employees: a JSON array, a DynamoDB batch-write request-items document as is, or a CSV employee_id,employee_name[,email]',
    tags: ['lottery'],
    upload: {
      contentTypes: ['application/json', 'text/csv', 'text/plain'],
      maxBytes: MAX_EMPLOYEES_BYTES,
      field: 'file',
      description:
        'application/json: [{"employee_id","employee_name","email"?}] or {"<table>": [{"PutRequest": {"Item": {"employee_id": {"S": ...}, ...}}}]}; text/csv: header employee_id,employee_name[,email]. Bad rows are reported with their line and reason.',
    },
    responses: {
      200: { description: 'What was imported and what was refused', schema: importSummarySchema },
    },
    errors: ['LOTTERY.IMPORT_INVALID'],
    handler: async ({ file }) => ({
      status: 200,
      body: await lottery.importEmployees(
        file ?? { bytes: new Uint8Array(), contentType: 'text/csv' },
      ),
    }),
  }),
  defineRoute({
    method: 'GET',
    path: '/lottery/employees',
    operationId: 'listLotteryEmployees',
    summary: 'List employees by id; eligible=true: only those who never won',
    tags: ['lottery'],
    query: listEmployeesQuery,
    responses: { 200: { description: 'A page of employees', schema: employeePageSchema } },
    errors: ['PAGINATION.INVALID_CURSOR'],
    handler: async ({ query }) => ({
      status: 200,
      body: await lottery.listEmployees(
        { eligible: query.eligible === undefined ? undefined : query.eligible === 'true' },
        query,
      ),
    }),
  }),
  defineRoute({
    method: 'DELETE',
    path: '/lottery/employees/:id',
    operationId: 'removeLotteryEmployee',
    summary: 'Remove an employee who never won',
    tags: ['lottery'],
    params: z.object({ id: employeeIdSchema }),
    responses: { 204: { description: 'Removed' } },
    errors: ['LOTTERY.EMPLOYEE_NOT_FOUND', 'LOTTERY.EMPLOYEE_HAS_WON'],
    handler: async ({ params }) => {
      await lottery.removeEmployee(params.id);
      return { status: 204 };
    },
  }),
  defineRoute({
    method: 'POST',
    path: '/lottery/draws',
    operationId: 'startLotteryDraw',
    summary: 'Start a draw of N winners among employees who never won',
    tags: ['lottery'],
    body: drawBodySchema,
    responses: { 202: { description: 'Started: poll the Location', schema: drawRecordSchema } },
    errors: ['LOTTERY.NOT_ENOUGH_ELIGIBLE'],
    handler: async ({ body }) => {
      const draw = await lottery.startDraw(body.winners);
      return { status: 202, body: draw, headers: { location: `/lottery/draws/${draw.id}` } };
    },
  }),
  defineRoute({
    method: 'GET',
    path: '/lottery/draws',
    operationId: 'listLotteryDraws',
    summary:
      'List draws, most recently started first, each whole: status, winners, notification, execution history, error',
    tags: ['lottery'],
    query: recordPageQuerySchema,
    responses: { 200: { description: 'A page of draws', schema: drawPageSchema } },
    errors: ['PAGINATION.INVALID_CURSOR'],
    handler: async ({ query }) => ({ status: 200, body: await lottery.listDraws(query) }),
  }),
  defineRoute({
    method: 'GET',
    path: '/lottery/draws/:id',
    operationId: 'getLotteryDraw',
    summary: 'A draw: status, winners, notification, execution history, error',
    tags: ['lottery'],
    params: idParamsSchema,
    responses: { 200: { description: 'The draw', schema: drawRecordSchema } },
    errors: ['LOTTERY.DRAW_NOT_FOUND'],
    handler: async ({ params }) => ({ status: 200, body: await lottery.getDraw(params.id) }),
  }),
  defineRoute({
    method: 'GET',
    path: '/lottery/winners',
    operationId: 'listLotteryWinners',
    summary: 'Past winners with the draw that picked each, oldest draw first',
    tags: ['lottery'],
    query: pageQuerySchema,
    responses: { 200: { description: 'A page of winners', schema: winnerPageSchema } },
    errors: ['PAGINATION.INVALID_CURSOR'],
    handler: async ({ query }) => ({ status: 200, body: await lottery.listWinners(query) }),
  }),
];
