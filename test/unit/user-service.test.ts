import { describe, expect, it } from 'vitest';
import { createUserSchema, updateUserSchema } from '../../domain/users/user';
import { memoryWorld } from '../support/memory-world';

const ada = { name: 'Ada Lovelace', email: 'ada@example.com', age: 36 };

describe('UserService', () => {
  it('creates an active user at version 1 and records user.created', async () => {
    const world = memoryWorld();
    const user = await world.users.create(ada);
    expect(user).toMatchObject({ ...ada, status: 'active', version: 1 });
    expect(user.createdAt).toBe('2026-01-01T00:00:00.000Z');
    expect(world.events()).toEqual([
      expect.objectContaining({ type: 'user.created', aggregateId: user.id, payload: { user } }),
    ]);
  });

  it('stores a missing age as null', async () => {
    const user = await memoryWorld().users.create({ name: 'Bo', email: 'bo@example.com' });
    expect(user.age).toBeNull();
  });

  it('refuses an email already taken, whatever its case', async () => {
    const world = memoryWorld();
    await world.users.create(ada);
    await expect(world.users.create({ ...ada, email: 'ADA@Example.COM' })).rejects.toMatchObject({
      code: 'USER.EMAIL_TAKEN',
    });
    expect(world.events()).toHaveLength(1);
  });

  it('updates only changed fields, bumps the version and records a diff', async () => {
    const world = memoryWorld();
    const user = await world.users.create(ada);
    world.clock.advance(1000);
    const updated = await world.users.update(user.id, { name: 'Ada King', age: 36 });
    expect(updated).toMatchObject({
      name: 'Ada King',
      version: 2,
      updatedAt: '2026-01-01T00:00:01.000Z',
    });
    expect(world.events()[1]).toMatchObject({
      type: 'user.updated',
      payload: { changes: { name: { old: 'Ada Lovelace', new: 'Ada King' } }, version: 2 },
    });
  });

  it('treats an update that changes nothing as a no-op without an event', async () => {
    const world = memoryWorld();
    const user = await world.users.create(ada);
    expect(await world.users.update(user.id, { name: ada.name })).toEqual(user);
    expect(world.events()).toHaveLength(1);
  });

  it('rejects a stale expected version with USER.VERSION_MISMATCH', async () => {
    const world = memoryWorld();
    const user = await world.users.create(ada);
    await world.users.update(user.id, { name: 'Second' }, 1);
    await expect(world.users.update(user.id, { name: 'Third' }, 1)).rejects.toMatchObject({
      code: 'USER.VERSION_MISMATCH',
      details: { expected: 1, actual: 2 },
    });
    await expect(world.users.update(user.id, { name: 'Third', version: 1 })).rejects.toMatchObject({
      code: 'USER.VERSION_MISMATCH',
    });
  });

  it('lets a user change the case of their own email', async () => {
    const world = memoryWorld();
    const user = await world.users.create(ada);
    const updated = await world.users.update(user.id, { email: 'Ada@Example.com' });
    expect(updated.email).toBe('Ada@Example.com');
  });

  it("refuses to take another user's email on update", async () => {
    const world = memoryWorld();
    await world.users.create(ada);
    const bob = await world.users.create({ name: 'Bob', email: 'bob@example.com' });
    await expect(world.users.update(bob.id, { email: 'ADA@example.com' })).rejects.toMatchObject({
      code: 'USER.EMAIL_TAKEN',
    });
  });

  it('deletes a user, frees the email and records user.deleted', async () => {
    const world = memoryWorld();
    const user = await world.users.create(ada);
    await world.users.delete(user.id);
    await expect(world.users.get(user.id)).rejects.toMatchObject({ code: 'USER.NOT_FOUND' });
    expect(world.events().at(-1)).toMatchObject({ type: 'user.deleted', aggregateId: user.id });
    await expect(world.users.create(ada)).resolves.toMatchObject({ email: ada.email });
  });

  it('answers USER.NOT_FOUND for a missing user on read, update and delete', async () => {
    const { users } = memoryWorld();
    for (const call of [
      users.get('nope'),
      users.update('nope', { name: 'x' }),
      users.delete('nope'),
    ]) {
      await expect(call).rejects.toMatchObject({ code: 'USER.NOT_FOUND' });
    }
  });
});

describe('user input schemas', () => {
  it.each([
    [{ name: '   ', email: 'a@b.co' }, 'name'],
    [{ name: 'x'.repeat(101), email: 'a@b.co' }, 'name'],
    [{ name: 'A', email: 'not-an-email' }, 'email'],
    [{ name: 'A', email: 'a@b.co', age: 17 }, 'age'],
    [{ name: 'A', email: 'a@b.co', age: 121 }, 'age'],
    [{ name: 'A', email: 'a@b.co', age: 30.5 }, 'age'],
  ])('rejects %j at %s', (input, field) => {
    const result = createUserSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path[0])).toContain(field);
  });

  it('trims names and emails', () => {
    expect(createUserSchema.parse({ name: '  Ada ', email: ' ada@b.co ' })).toEqual({
      name: 'Ada',
      email: 'ada@b.co',
    });
  });

  it('accepts the boundaries: 1 and 100 characters, ages 18 and 120', () => {
    expect(createUserSchema.safeParse({ name: 'A', email: 'a@b.co', age: 18 }).success).toBe(true);
    expect(
      createUserSchema.safeParse({ name: 'x'.repeat(100), email: 'a@b.co', age: 120 }).success,
    ).toBe(true);
  });

  it('allows clearing age on update with null, and rejects unknown fields', () => {
    expect(updateUserSchema.parse({ age: null })).toEqual({ age: null });
    expect(updateUserSchema.safeParse({ status: 'banned' }).success).toBe(false);
  });
});
