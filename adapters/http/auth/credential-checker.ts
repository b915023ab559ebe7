import type { Authenticator, Principal } from './principal';

export interface CredentialCheckers {
  /** Our API keys (`ak_...`), looked up in the record store. */
  apiKey(key: string): Promise<Principal | undefined>;
  /** JWTs, when a JWT issuer is configured. */
  jwt?: ((token: string) => Promise<Principal | undefined>) | undefined;
}

const looksLikeJwt = (text: string) => text.split('.').length === 3;

/** One authenticator for both kinds of credential, told apart by their shape. */
export const credentialChecker = (checkers: CredentialCheckers): Authenticator => ({
  authenticate: (credential) => {
    if (looksLikeJwt(credential)) {
      return checkers.jwt ? checkers.jwt(credential) : Promise.resolve(undefined);
    }
    return checkers.apiKey(credential);
  },
});
