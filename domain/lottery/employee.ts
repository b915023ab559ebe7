import * as z from 'zod/mini';
import { emailTextSchema, isWellFormed, textSchema } from '../shared/text';
import { named } from '../shared/zod';

export const employeeIdSchema = z.string().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(100),
  z.refine((id) => !/\p{Cc}/u.test(id), 'No control characters'),
  z.refine(isWellFormed, 'Expected well-formed Unicode text'),
);
export const employeeNameSchema = textSchema(200);
export const emailSchema = emailTextSchema;

/** An employee as imported: who can be drawn. */
export const employeeSchema = z.object({
  id: employeeIdSchema,
  name: employeeNameSchema,
  email: z.optional(emailSchema),
});
export type Employee = z.infer<typeof employeeSchema>;

/** An employee as listed: eligible until a draw picks them, then the draw that did. */
export const employeeViewSchema = named(
  z.object({
    id: z.string(),
    name: z.string(),
    email: z.optional(z.string()),
    eligible: z.boolean(),
    wonDraw: z.nullable(z.string()),
    wonAt: z.nullable(z.string()),
  }),
  'LotteryEmployee',
);
export type EmployeeView = z.infer<typeof employeeViewSchema>;

/** An employee a draw picked, kept under the employee's id: no one wins twice. */
export const winnerSchema = named(
  z.object({
    employeeId: z.string(),
    employeeName: z.string(),
    email: z.optional(z.string()),
    drawId: z.string(),
    wonAt: z.string(),
  }),
  'LotteryWinner',
);
export type Winner = z.infer<typeof winnerSchema>;

/** What a draw needs of a candidate. */
export interface Candidate {
  id: string;
  name: string;
  email?: string | undefined;
}

export const viewOf = (
  employee: Employee,
  won?: { drawId: string; wonAt: string },
): EmployeeView => ({
  id: employee.id,
  name: employee.name,
  ...(employee.email === undefined ? {} : { email: employee.email }),
  eligible: won === undefined,
  wonDraw: won?.drawId ?? null,
  wonAt: won?.wonAt ?? null,
});

/** Winners are listed by draw (ids sort by creation), then employee: this is their list key. */
export const winnerListKey = (winner: { drawId: string; employeeId: string }): string =>
  `${winner.drawId}\u0001${winner.employeeId}`;
