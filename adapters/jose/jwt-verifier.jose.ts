import {
  createLocalJWKSet,
  createRemoteJWKSet,
  importSPKI,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import { ROLES, type Role } from '../../domain/access/api-key';
import type { Principal } from '../http/auth/principal';

export interface JwtSettings {
  /** Where the issuer publishes its signing keys (`.../.well-known/jwks.json`). */
  jwksUrl?: string | undefined;
  /** Or one key: a PEM public key (RS256/ES256/EdDSA), or a JSON Web Key Set as JSON. */
  publicKey?: string | undefined;
  /** Or a shared secret for HS256 (at least 32 characters). */
  secret?: string | undefined;
  issuer: string;
  audience: string;
  /** How far the token's clocks may differ from ours (exp, nbf, iat). */
  clockSkewSeconds: number;
}

const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

/**
 * Verifies JWT bearer tokens with jose: signature against the configured key or the issuer's
 * JWKS (fetched and cached by jose, refreshed when an unknown `kid` arrives), then issuer,
 * audience, expiry and not-before within the allowed skew. `alg: none` and algorithms other
 * than the key's kind are refused.
 */
export class JoseJwtVerifier {
  private readonly key: Promise<
    JWTVerifyGetKey | Uint8Array | Awaited<ReturnType<typeof importSPKI>>
  >;
  private readonly algorithms: string[];

  constructor(private readonly settings: JwtSettings) {
    if (settings.jwksUrl) {
      this.key = Promise.resolve(createRemoteJWKSet(new URL(settings.jwksUrl)));
      this.algorithms = ASYMMETRIC;
    } else if (settings.secret) {
      this.key = Promise.resolve(new TextEncoder().encode(settings.secret));
      this.algorithms = ['HS256'];
    } else if (settings.publicKey?.trim().startsWith('{')) {
      this.key = Promise.resolve(createLocalJWKSet(JSON.parse(settings.publicKey)));
      this.algorithms = ASYMMETRIC;
    } else if (settings.publicKey) {
      const pem = settings.publicKey;
      const alg = /EC /.test(pem) ? 'ES256' : 'RS256';
      this.key = importSPKI(pem, alg);
      this.algorithms = [alg];
    } else {
      throw new Error('JWT verification needs a JWKS URL, a public key or a secret');
    }
  }

  async verify(token: string): Promise<Principal | undefined> {
    try {
      const key = await this.key;
      const { payload } = await jwtVerify(token, key as JWTVerifyGetKey, {
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        clockTolerance: this.settings.clockSkewSeconds,
        algorithms: this.algorithms,
        requiredClaims: ['exp', 'sub'],
      });
      if (typeof payload.sub !== 'string' || payload.sub === '') return undefined;
      const role = payload.role;
      if (role !== undefined && !isRole(role)) return undefined;
      return { kind: 'token', subject: payload.sub, role };
    } catch {
      // Expired, wrong audience or issuer, bad signature, unreachable JWKS: not a credential.
      return undefined;
    }
  }
}
