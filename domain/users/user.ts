import * as z from 'zod/mini';
import { emailTextSchema, textSchema } from '../shared/text';
import { named } from '../shared/zod';

export const userNameSchema = textSchema(100);
export const userEmailSchema = emailTextSchema;
export const userAgeSchema = z.int().check(z.gte(18), z.lte(120));
export const userStatusSchema = z.enum(['active']);

export const userSchema = named(
  z.object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    age: z.nullable(z.int()),
    status: userStatusSchema,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.int().check(z.gte(1)),
  }),
  'User',
);

export type User = z.infer<typeof userSchema>;

export const createUserSchema = named(
  z.strictObject({
    name: userNameSchema,
    email: userEmailSchema,
    age: z.optional(userAgeSchema),
  }),
  'CreateUser',
);

export type CreateUserInput = z.output<typeof createUserSchema>;

export const updateUserSchema = named(
  z.strictObject({
    name: z.optional(userNameSchema),
    email: z.optional(userEmailSchema),
    age: z.optional(z.nullable(userAgeSchema)),
    /** Optimistic concurrency for clients that cannot send If-Match. */
    version: z.optional(z.int().check(z.gte(1))),
  }),
  'UpdateUser',
);

export type UpdateUserInput = z.output<typeof updateUserSchema>;

/** Emails are unique regardless of case. */
export const emailKey = (email: string): string => email.trim().toLowerCase();
