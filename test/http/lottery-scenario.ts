import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Notification } from '../../ports/notifier.port';
import type { DoorRequest, DoorResponse } from './http-scenario';

/** A door the lottery is served through, with what its platform runs after a request. */
export interface LotteryDoor {
  send(request: DoorRequest): Promise<DoorResponse>;
  /** Runs the started draws to their end, as that platform runs them. */
  settle(): Promise<void>;
  /** The notifications sent, oldest first. */
  notifications(): Promise<Pick<Notification, 'subject' | 'message'>[]>;
  close(): Promise<void>;
}

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/lottery');
export const REQUEST_ITEMS = readFileSync(join(FIXTURES, 'request-items.json'), 'utf8');
const CSV =
  'employee_id,employee_name,email\n10,Ada Lovelace,ada@example.com\n11,Grace Hopper,\n12,Alan Turing,alan@example.com\n13,bad,not-an-email\n';

/** The states a successful draw passes through, in the order the document has them. */
const SUCCESS_PATH = [
  'Input Lottery Winners',
  'Random Select Winners',
  'Validate Winners',
  'Is Winner In Past Draw',
  'Send SNS and Record In Dynamodb',
];

export const describeLotteryDoor = (name: string, open: () => Promise<LotteryDoor>) => {
  describe(`the lottery through ${name}`, () => {
    let door: LotteryDoor;
    beforeEach(async () => {
      door = await open();
    });
    afterEach(async () => {
      await door.close();
    });

    const importEmployees = (contentType: string, body: string) =>
      door.send({
        method: 'POST',
        path: '/lottery/employees',
        headers: { 'content-type': contentType },
        body,
      });

    const draw = async (winners: number) => {
      const started = await door.send({
        method: 'POST',
        path: '/lottery/draws',
        body: { winners },
      });
      expect(started.status, started.text).toBe(202);
      expect(started.headers.location).toBe(`/lottery/draws/${started.body.id}`);
      expect(started.body).toMatchObject({ status: 'running', winners });
      await door.settle();
      const read = await door.send({ method: 'GET', path: started.headers.location! });
      expect(read.status, read.text).toBe(200);
      return read.body;
    };

    it('imports employees, draws, shows the history and the notification, and runs out', async () => {
      const items = await importEmployees('application/json', REQUEST_ITEMS);
      expect(items.status, items.text).toBe(200);
      expect(items.body).toEqual({
        rowsRead: 3,
        rowsImported: 2,
        rowsRejected: 1,
        rejected: [{ line: 21, reason: expect.stringMatching(/^employee_name: /) }],
      });
      const csv = await importEmployees('text/csv', CSV);
      expect(csv.body).toMatchObject({ rowsRead: 4, rowsImported: 3, rejected: [{ line: 5 }] });
      const json = await importEmployees(
        'application/json',
        JSON.stringify([{ employee_id: 'leaver', employee_name: 'Leaves Soon' }]),
      );
      expect(json.body).toMatchObject({ rowsImported: 1 });
      const removed = await door.send({ method: 'DELETE', path: '/lottery/employees/leaver' });
      expect(removed.status).toBe(204);
      const again = await door.send({ method: 'DELETE', path: '/lottery/employees/leaver' });
      expect(again.body.error.code).toBe('LOTTERY.EMPLOYEE_NOT_FOUND');

      const eligible = await door.send({ method: 'GET', path: '/lottery/employees?eligible=true' });
      expect(eligible.body.items.map((e: { id: string }) => e.id)).toEqual([
        '1',
        '10',
        '11',
        '12',
        '2',
      ]);

      const first = await draw(2);
      expect(first.status).toBe('succeeded');
      expect(first.selected).toHaveLength(2);
      const names = first.selected.map((w: { employeeName: string }) => w.employeeName);
      expect(first.message).toBe(
        `Congrats! [${names.join(' ')}] You have selected as the Lucky Champ!`,
      );
      const entered = first.history
        .filter((e: { type: string }) => e.type === 'StateEntered')
        .map((e: { state: string }) => e.state);
      expect(entered.filter((state: string) => SUCCESS_PATH.includes(state))).toEqual(SUCCESS_PATH);
      expect(entered).toEqual(expect.arrayContaining(['Notify Winners', 'Record Winner Queue']));
      expect(first.history.at(-1)).toMatchObject({ type: 'ExecutionSucceeded' });
      expect(await door.notifications()).toEqual([
        { subject: 'Lottery winners', message: first.message },
      ]);

      const winners = await door.send({ method: 'GET', path: '/lottery/winners' });
      expect(winners.body.items).toEqual(
        first.selected.map((w: { employeeId: string }) =>
          expect.objectContaining({ employeeId: w.employeeId, drawId: first.id }),
        ),
      );
      const keep = await door.send({
        method: 'DELETE',
        path: `/lottery/employees/${first.selected[0].employeeId}`,
      });
      expect(keep.status).toBe(409);
      expect(keep.body.error).toMatchObject({
        code: 'LOTTERY.EMPLOYEE_HAS_WON',
        details: { drawId: first.id },
      });

      const second = await draw(3);
      expect(second.status).toBe('succeeded');
      const all = [...first.selected, ...second.selected].map(
        (w: { employeeId: string }) => w.employeeId,
      );
      expect(new Set(all).size).toBe(5);

      const none = await door.send({
        method: 'POST',
        path: '/lottery/draws',
        body: { winners: 1 },
      });
      expect(none.status).toBe(409);
      expect(none.body.error).toMatchObject({
        code: 'LOTTERY.NOT_ENOUGH_ELIGIBLE',
        details: { asked: 1, eligible: 0 },
      });
      expect((await door.notifications()).map((n) => n.message)).toEqual([
        first.message,
        second.message,
      ]);

      // The list: newest first, each draw whole, one page at a time.
      const newest = await door.send({ method: 'GET', path: '/lottery/draws?limit=1' });
      expect(newest.status, newest.text).toBe(200);
      expect(newest.body.items).toEqual([second]);
      const cursor = encodeURIComponent(newest.body.nextCursor);
      const older = await door.send({
        method: 'GET',
        path: `/lottery/draws?limit=1&cursor=${cursor}`,
      });
      expect(older.body).toEqual({ items: [first], nextCursor: null });
    });

    it('two draws at once for more than there are: one wins, the other fails clearly, no repeat', async () => {
      const imported = await importEmployees('text/csv', CSV);
      expect(imported.body.rowsImported).toBe(3);
      const [a, b] = await Promise.all([
        door.send({ method: 'POST', path: '/lottery/draws', body: { winners: 2 } }),
        door.send({ method: 'POST', path: '/lottery/draws', body: { winners: 2 } }),
      ]);
      await door.settle();
      const outcomes = [];
      for (const started of [a!, b!]) {
        if (started.status === 409) {
          // Refused at once: the other draw had already taken its winners.
          outcomes.push(started.body.error.code);
          continue;
        }
        expect(started.status, started.text).toBe(202);
        const read = await door.send({ method: 'GET', path: started.headers.location! });
        outcomes.push(read.body.status === 'succeeded' ? 'succeeded' : read.body.error.code);
        if (read.body.status === 'failed') {
          // Failed in its select state, without retrying (the error is not transient).
          expect(read.body.error.cause).toMatch(/asks for 2 winners but only 1/);
          expect(
            read.body.history.filter((e: { type: string }) => e.type === 'StateRetried'),
          ).toEqual([]);
          expect(read.body.selected).toEqual([]);
        }
      }
      expect(outcomes.sort()).toEqual(['LOTTERY.NOT_ENOUGH_ELIGIBLE', 'succeeded']);
      const winners = await door.send({ method: 'GET', path: '/lottery/winners' });
      expect(winners.body.items).toHaveLength(2);
      const eligible = await door.send({ method: 'GET', path: '/lottery/employees?eligible=true' });
      expect(eligible.body.items).toHaveLength(1);
    });

    it('answers bad requests in the error shape', async () => {
      const zero = await door.send({
        method: 'POST',
        path: '/lottery/draws',
        body: { winners: 0 },
      });
      expect(zero.status).toBe(400);
      expect(zero.body.error.code).toBe('VALIDATION.FAILED');
      const empty = await door.send({ method: 'GET', path: '/lottery/draws' });
      expect(empty.body).toEqual({ items: [], nextCursor: null });
      const forged = Buffer.from('{"token":"forged"}').toString('base64url');
      for (const cursor of ['garbage', forged]) {
        const bad = await door.send({ method: 'GET', path: `/lottery/draws?cursor=${cursor}` });
        expect(bad.status, bad.text).toBe(400);
        expect(bad.body.error.code).toBe('PAGINATION.INVALID_CURSOR');
      }
      const tooMany = await door.send({ method: 'GET', path: '/lottery/draws?limit=21' });
      expect(tooMany.body.error.code).toBe('VALIDATION.FAILED');
      const missing = await door.send({ method: 'GET', path: '/lottery/draws/no-such-draw' });
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('LOTTERY.DRAW_NOT_FOUND');
      const noHeader = await importEmployees('text/csv', '1,Ada\n');
      expect(noHeader.status).toBe(400);
      expect(noHeader.body.error.code).toBe('LOTTERY.IMPORT_INVALID');
      const xml = await importEmployees('application/xml', '<a/>');
      expect(xml.status).toBe(415);
    });
  });
};
