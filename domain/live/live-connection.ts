import * as z from 'zod/mini';
import { ROLES } from '../access';

/** What a connection may do: its credential's role, or `open` when the door runs without AUTH. */
export const liveRoleSchema = z.enum([...ROLES, 'open']);
export type LiveRole = z.output<typeof liveRoleSchema>;

/** One client of the live feed, as the door that holds its socket registered it. */
export const liveConnectionSchema = z.object({
  /** The door's id: API Gateway's connectionId, or one the server gives its socket. */
  id: z.string().check(z.minLength(1)),
  role: liveRoleSchema,
  /** Event-type patterns (type-pattern.ts); a new connection has none, so it receives nothing. */
  patterns: z.array(z.string()),
  connectedAt: z.string(),
  /**
   * When a store may forget it if no disconnect came (DynamoDB's TTL): API Gateway closes every
   * connection within 2 hours, so one older than that is surely gone. Not a deadline for a live
   * socket: a stale entry that is still listed is dropped by the first push that finds it gone.
   */
  expiresAt: z.string(),
});
export type LiveConnection = z.output<typeof liveConnectionSchema>;
