import { z } from 'zod';

export const userNameSchema = z.string().trim().min(1).max(100);
export const userEmailSchema = z.string().trim().max(254).pipe(z.email());
export const userAgeSchema = z.int().min(18).max(120);
export const userStatusSchema = z.enum(['active']);

export const userSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    age: z.int().nullable(),
    status: userStatusSchema,
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.int().min(1),
  })
  .meta({ id: 'User' });

export type User = z.infer<typeof userSchema>;

export const createUserSchema = z
  .strictObject({
    name: userNameSchema,
    email: userEmailSchema,
    age: userAgeSchema.optional(),
  })
  .meta({ id: 'CreateUser' });

export type CreateUserInput = z.output<typeof createUserSchema>;

export const updateUserSchema = z
  .strictObject({
    name: userNameSchema.optional(),
    email: userEmailSchema.optional(),
    age: userAgeSchema.nullable().optional(),
    /** Optimistic concurrency for clients that cannot send If-Match. */
    version: z.int().min(1).optional(),
  })
  .meta({ id: 'UpdateUser' });

export type UpdateUserInput = z.output<typeof updateUserSchema>;

/** Emails are unique regardless of case. */
export const emailKey = (email: string): string => email.trim().toLowerCase();
