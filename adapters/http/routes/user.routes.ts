import * as z from 'zod/mini';
import { pageQuerySchema } from '../../../domain/shared/pagination';
import { textSchema } from '../../../domain/shared/text';
import { createUserSchema, updateUserSchema, userSchema } from '../../../domain/users/user';
import { userErrorCodes } from '../../../domain/users/user-errors';
import type { UserService } from '../../../domain/users/user-service';
import { expectedVersionFrom, withEtag } from '../concurrency';
import { errorTable } from '../error-table';
import { defineRoute, type Route } from '../route';
import { idParamsSchema, ifMatchHeader, pageOf } from './schemas';

const userPageSchema = pageOf(userSchema, 'UserPage');
const listUsersQuery = z.extend(pageQuerySchema, {
  email: z.optional(textSchema(254)),
});

/** What each users error means over HTTP. */
export const userErrors = errorTable(userErrorCodes, {
  'USER.NOT_FOUND': 404,
  'USER.EMAIL_TAKEN': 409,
  'USER.VERSION_MISMATCH': 409,
});

export const userRoutes = (users: UserService): Route[] => {
  const versionOf = (id: string) => users.get(id).then((user) => user.version);
  return [
    defineRoute({
      method: 'POST',
      path: '/users',
      operationId: 'createUser',
      summary: 'Create a user',
      tags: ['users'],
      body: createUserSchema,
      responses: { 201: { description: 'Created', schema: userSchema } },
      errors: ['USER.EMAIL_TAKEN'],
      handler: async ({ body }) => {
        const user = await users.create(body);
        return withEtag(user, 201, { location: `/users/${user.id}` });
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/users',
      operationId: 'listUsers',
      summary: 'List users, oldest first, or find one by email',
      tags: ['users'],
      query: listUsersQuery,
      responses: { 200: { description: 'A page of users', schema: userPageSchema } },
      errors: ['PAGINATION.INVALID_CURSOR'],
      // Every user with their email: for administrators only.
      access: { role: 'admin' },
      handler: async ({ query }) => {
        if (query.email !== undefined) {
          const user = await users.findByEmail(query.email);
          return { status: 200, body: { items: user ? [user] : [], nextCursor: null } };
        }
        return { status: 200, body: await users.list(query) };
      },
    }),
    defineRoute({
      method: 'GET',
      path: '/users/:id',
      operationId: 'getUser',
      summary: 'Read a user',
      tags: ['users'],
      params: idParamsSchema,
      responses: { 200: { description: 'The user; ETag carries its version', schema: userSchema } },
      errors: ['USER.NOT_FOUND'],
      access: { role: 'reader', ownedBy: ({ params }) => params.id },
      handler: ({ params }) => users.get(params.id).then((user) => withEtag(user)),
    }),
    defineRoute({
      method: 'PATCH',
      path: '/users/:id',
      operationId: 'updateUser',
      summary: 'Change some fields of a user',
      tags: ['users'],
      params: idParamsSchema,
      body: updateUserSchema,
      headers: [ifMatchHeader],
      responses: { 200: { description: 'The updated user', schema: userSchema } },
      errors: ['USER.NOT_FOUND', 'USER.EMAIL_TAKEN', 'USER.VERSION_MISMATCH'],
      access: { role: 'writer', ownedBy: ({ params }) => params.id },
      handler: async ({ params, body, headers }) => {
        const version = await expectedVersionFrom(headers['if-match'], () => versionOf(params.id));
        return withEtag(await users.update(params.id, body, version));
      },
    }),
    defineRoute({
      method: 'DELETE',
      path: '/users/:id',
      operationId: 'deleteUser',
      summary: 'Delete a user',
      tags: ['users'],
      params: idParamsSchema,
      headers: [ifMatchHeader],
      responses: { 204: { description: 'Deleted' } },
      errors: ['USER.NOT_FOUND', 'USER.VERSION_MISMATCH'],
      handler: async ({ params, headers }) => {
        const version = await expectedVersionFrom(headers['if-match'], () => versionOf(params.id));
        await users.delete(params.id, version);
        return { status: 204 };
      },
    }),
  ];
};
