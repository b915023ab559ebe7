import { describe, expect, it } from 'vitest';
import { versionsFromIfMatch } from '../../adapters/http/concurrency';
import { useInjectedServer } from '../support/injected-server';

describe('If-Match as RFC 9110 reads it', () => {
  it.each([
    ['"3"', [3]],
    ['"1", "2"', [1, 2]],
    ['"1","2" , "7"', [1, 2, 7]],
    ['3', [3]],
    ['W/"3"', []],
    ['W/"3", "4"', [4]],
    ['"abc", "5"', [5]],
    ['"a,b", "6"', [6]],
  ])('%s: versions %j', (header, versions) => {
    expect(versionsFromIfMatch(header)).toEqual(versions);
  });

  it('* and no header set no version condition; garbage is a 400', () => {
    expect(versionsFromIfMatch('*')).toBeUndefined();
    expect(versionsFromIfMatch(undefined)).toBeUndefined();
    expect(() => versionsFromIfMatch('abc')).toThrow(
      expect.objectContaining({ code: 'VALIDATION.FAILED' }),
    );
    expect(() => versionsFromIfMatch('"1" "2"')).toThrow(
      expect.objectContaining({ code: 'VALIDATION.FAILED' }),
    );
  });
});

describe('conditional writes with If-Match lists', () => {
  const door = useInjectedServer();
  const send: typeof door.send = (request) => door.send(request);

  it('matches any listed tag, refuses when none is current, and * matches any version', async () => {
    const user = (
      await send({
        method: 'POST',
        path: '/users',
        body: { name: 'Ada', email: 'ada@example.com' },
      })
    ).body;
    const patch = (ifMatch: string, name: string) =>
      send({
        method: 'PATCH',
        path: `/users/${user.id}`,
        headers: { 'if-match': ifMatch },
        body: { name },
      });
    expect((await patch('"7", "1", "9"', 'B')).status).toBe(200); // 1 is current
    const stale = await patch('"1", "3"', 'C'); // now 2
    expect([stale.status, stale.body.error.code]).toEqual([409, 'USER.VERSION_MISMATCH']);
    expect((await patch('W/"2"', 'D')).status).toBe(409); // weak never matches
    const any = await patch('*', 'E');
    expect([any.status, any.body.version, any.headers.etag]).toEqual([200, 3, '"3"']);
    const missing = await send({
      method: 'PATCH',
      path: '/users/no-such-user',
      headers: { 'if-match': '"1", "2"' },
      body: { name: 'X' },
    });
    expect(missing.status).toBe(404);
  });

  it('works the same for stock levels and order status', async () => {
    const level = await send({ method: 'PUT', path: '/inventory/Oslo/milk', body: { count: 3 } });
    const set = await send({
      method: 'PUT',
      path: '/inventory/Oslo/milk',
      headers: { 'if-match': `"99", ${level.headers.etag}` },
      body: { count: 4 },
    });
    expect([set.status, set.body.count]).toEqual([200, 4]);
    // * matches any current version: a level that does not exist has none.
    const absent = await send({
      method: 'PUT',
      path: '/inventory/Oslo/none',
      headers: { 'if-match': '*' },
      body: { count: 1 },
    });
    expect([absent.status, absent.body.error.code]).toEqual([404, 'INVENTORY.NOT_FOUND']);
    const user = (
      await send({ method: 'POST', path: '/users', body: { name: 'O', email: 'o@example.com' } })
    ).body;
    const order = (
      await send({
        method: 'POST',
        path: '/orders',
        body: {
          userId: user.id,
          currency: 'EUR',
          items: [{ sku: 'a', quantity: 1, unitPrice: 1 }],
        },
      })
    ).body;
    const moved = await send({
      method: 'POST',
      path: `/orders/${order.id}/status`,
      headers: { 'if-match': '"5", "1"' },
      body: { status: 'confirmed' },
    });
    expect([moved.status, moved.body.status]).toEqual([200, 'confirmed']);
  });
});
