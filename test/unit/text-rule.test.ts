import { describe, expect, it } from 'vitest';
import { useInjectedServer } from '../support/injected-server';

/** One rule for text in every domain: well-formed, NFC, trimmed; what is answered is what is stored. */
describe('text fields in every domain', () => {
  const door = useInjectedServer();
  const send: typeof door.send = (request) => door.send(request);

  const decomposed = 'Zoe\u0301'; // e + combining acute
  const composed = 'Zo\u00e9';

  it.each([
    [
      'a user name',
      { method: 'POST', path: '/users', body: { name: '\ud800x', email: 'ls@example.com' } },
    ],
    [
      'a user email',
      { method: 'POST', path: '/users', body: { name: 'A', email: '\udc00@example.com' } },
    ],
    [
      'an order sku',
      {
        method: 'POST',
        path: '/orders',
        body: {
          userId: 'u',
          currency: 'EUR',
          items: [{ sku: 'a\ud800', quantity: 1, unitPrice: 1 }],
        },
      },
    ],
    [
      'an order userId',
      { method: 'POST', path: '/orders', body: { userId: '\ud800', currency: 'EUR', items: [] } },
    ],
  ])('refuses a lone surrogate in %s with 400 VALIDATION.FAILED', async (_field, request) => {
    const res = await send(request);
    expect([res.status, res.body.error.code]).toEqual([400, 'VALIDATION.FAILED']);
  });

  it('stores and answers names in NFC: the 201 and a later GET agree, the other spelling changes nothing', async () => {
    const created = await send({
      method: 'POST',
      path: '/users',
      body: { name: ` ${decomposed} `, email: 'zoe@example.com' },
    });
    expect(created.status, created.text).toBe(201);
    expect(created.body.name).toBe(composed);
    const read = await send({ method: 'GET', path: `/users/${created.body.id}` });
    expect(read.body).toEqual(created.body);
    const patched = await send({
      method: 'PATCH',
      path: `/users/${created.body.id}`,
      body: { name: decomposed },
    });
    // The same name in the other spelling: nothing changes.
    expect([patched.status, patched.body.version]).toEqual([200, 1]);
  });

  it('makes one stock level of the two spellings of a name', async () => {
    await send({
      method: 'PUT',
      path: `/inventory/${encodeURIComponent(decomposed)}/milk`,
      body: { count: 1 },
    });
    const again = await send({
      method: 'PUT',
      path: `/inventory/${encodeURIComponent(composed)}/milk`,
      body: { count: 2 },
    });
    expect([again.status, again.body.store, again.body.version]).toEqual([200, composed, 2]);
  });

  it('holds lottery employees to the same rule: a lone surrogate is a rejected row, a name is stored in NFC', async () => {
    const imported = await send({
      method: 'POST',
      path: '/lottery/employees',
      body: [
        { id: 'e-1', name: ` ${decomposed} ` },
        { id: 'e-2', name: 'Bad\ud800' },
        { id: 'e-3\udc00', name: 'Also bad' },
      ],
    });
    expect(imported.status, imported.text).toBe(200);
    // A compact JSON body is one line: both rows report it, each with the rule's reason.
    expect(imported.body.rejected).toEqual([
      { line: 1, reason: expect.stringMatching(/well-formed Unicode/) },
      { line: 1, reason: expect.stringMatching(/well-formed Unicode/) },
    ]);
    const listed = await send({ method: 'GET', path: '/lottery/employees' });
    expect(listed.body.items.map((e: { id: string; name: string }) => [e.id, e.name])).toEqual([
      ['e-1', composed],
    ]);
  });
});
