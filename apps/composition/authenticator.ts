import { credentialChecker } from '../../adapters/http/auth/credential-checker';
import type { Authenticator, Principal } from '../../adapters/http/auth/principal';
import type { JwtSettings } from '../../adapters/jose/jwt-verifier.jose';
import type { ApiKeyService } from '../../domain/access/api-key-service';
import { accessModule } from '../modules/access/access.module';
import type { ComposedApp } from './compose-modules';

/**
 * The credential check every app gives its HTTP API when AUTH is required: API keys from the
 * access module's store, JWTs through jose when an issuer is configured (loaded on the first
 * token, so a function that only sees API keys never loads it).
 */
export const authenticatorFor = (
  composed: ComposedApp,
  jwt: JwtSettings | undefined,
): Authenticator => {
  const { apiKeys } = composed.services<{ apiKeys: ApiKeyService }>(accessModule);
  let verifier: Promise<(token: string) => Promise<Principal | undefined>> | undefined;
  return credentialChecker({
    apiKey: async (key) => {
      const holder = await apiKeys.verify(key);
      return holder && { kind: 'key', keyId: holder.keyId, role: holder.role };
    },
    jwt:
      jwt &&
      (async (token) => {
        verifier ??= import('../../adapters/jose/jwt-verifier.jose').then(({ JoseJwtVerifier }) => {
          const instance = new JoseJwtVerifier(jwt);
          return (t: string) => instance.verify(t);
        });
        return (await verifier)(token);
      }),
  });
};
