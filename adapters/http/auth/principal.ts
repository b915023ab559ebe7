import type { Role } from '../../../domain/access/api-key';

/**
 * Who a request speaks for, once its credential is checked: an API key (always a role) or a
 * JWT. A JWT with a `role` claim acts in that role; one without is a user's own token, whose
 * `sub` is a user id: it may reach only that user and their orders.
 */
export type Principal =
  | { kind: 'key'; keyId: string; role: Role }
  | { kind: 'token'; subject: string; role: Role | undefined };

/** Checks a credential taken from the request; undefined when it is not valid. */
export interface Authenticator {
  authenticate(credential: string): Promise<Principal | undefined>;
}

/** What a rate limit or quota counts a principal by. */
export const principalKey = (principal: Principal): string =>
  principal.kind === 'key' ? `key:${principal.keyId}` : `sub:${principal.subject}`;
