import { type Role, roleIncludes } from '../../../domain/access/api-key';
import type { Principal } from './principal';

/**
 * Who may call a route. Routes say nothing unless they differ from the default their method
 * gives (reads: reader, writes: writer), so a route added by any module is covered as written.
 */
// biome-ignore lint/suspicious/noExplicitAny: each route reads its own typed input
export interface RouteAccess<I = any> {
  /** The least role that may call it; `public` needs no credential (health, the docs). */
  role: Role | 'public';
  /**
   * For routes a user's own token may call: the user id the request concerns, from its checked
   * input (the `:id` of /users/:id, an order's userId). Undefined: it concerns no single user.
   */
  ownedBy?(input: I): string | undefined | Promise<string | undefined>;
  /**
   * Where an owner may do less than a role holder on a route it owns: the reason to refuse this
   * input to a user's own token, or undefined to let it through. Checked once `ownedBy` matched.
   */
  ownerLimit?(input: I): string | undefined;
}

export const defaultAccess = (method: string): RouteAccess => ({
  role: method === 'GET' ? 'reader' : 'writer',
});

export type AccessDecision = 'allow' | 'deny' | 'owner';

/**
 * Role holders pass on their role; a user's own token passes only where the route names its
 * owner, and then only for that owner (`owner`: checked once the input is parsed).
 */
export const decide = (access: RouteAccess, principal: Principal): AccessDecision => {
  if (access.role === 'public') return 'allow';
  if (principal.role !== undefined)
    return roleIncludes(principal.role, access.role) ? 'allow' : 'deny';
  return access.ownedBy ? 'owner' : 'deny';
};
