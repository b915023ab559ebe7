import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JoseJwtVerifier } from '../../adapters/jose/jwt-verifier.jose';
import { loadAuthConfig } from '../../apps/config/auth-env';
import { isLoopback } from '../../apps/server/build-server';
import { JWT, signJwt } from '../support/auth-doors';
import { capturingLogger } from '../support/capturing-logger';
import { startTestServer } from '../support/test-server';

describe('when the server requires credentials', () => {
  it.each([
    ['localhost', undefined, 200, true],
    ['127.0.0.1', undefined, 200, true],
    ['::1', undefined, 200, true],
    ['0.0.0.0', undefined, 401, false],
    ['10.1.2.3', undefined, 401, false],
    ['localhost', 'required', 401, false],
    ['0.0.0.0', 'off', 200, false],
  ] as const)(
    'HOST=%s AUTH=%s: GET /inventory answers %i (warning line: %s)',
    async (host, auth, status, warns) => {
      const { logger, lines } = capturingLogger();
      const server = await startTestServer({ host, auth }, { logger });
      try {
        const res = await server.app.inject({ method: 'GET', url: '/inventory' });
        expect(res.statusCode).toBe(status);
        const warnings = lines.filter((line) => /AUTH is off/.test(String(line.msg)));
        expect(warnings.length).toBe(warns ? 1 : 0);
        // Open to load balancers and readers of the API whatever the mode.
        expect((await server.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
        expect((await server.app.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(
          200,
        );
        expect((await server.app.inject({ method: 'GET', url: '/docs/' })).statusCode).toBe(200);
      } finally {
        await server.dispose();
      }
    },
  );

  it('knows loopback addresses from the others', () => {
    expect(['localhost', '127.0.0.1', '127.8.9.1', '::1', '[::1]'].every(isLoopback)).toBe(true);
    expect(
      ['0.0.0.0', '::', '192.168.1.2', 'example.com', 'localhost.evil.com'].some(isLoopback),
    ).toBe(false);
  });
});

describe('JWT settings', () => {
  it('refuse a key without issuer and audience, two keys, a short secret; never echo the secret', () => {
    expect(() => loadAuthConfig({ JWT_SECRET: JWT.secret })).toThrow(/JWT_ISSUER and JWT_AUDIENCE/);
    expect(() =>
      loadAuthConfig({ JWT_SECRET: JWT.secret, JWT_JWKS_URL: 'https://i.example.com/jwks.json' }),
    ).toThrow(/one of/);
    expect(() => loadAuthConfig({ JWT_SECRET: 'short-secret' })).toThrow(/JWT_SECRET/);
    expect(() => loadAuthConfig({ JWT_SECRET: 'short-secret' })).not.toThrow(/short-secret/);
    expect(() => loadAuthConfig({ AUTH: 'maybe' })).toThrow(/AUTH/);
    expect(loadAuthConfig({}).mode).toBeUndefined();
  });

  it('allows the configured clock skew, not more', async () => {
    const verifier = new JoseJwtVerifier(JWT);
    const now = Math.floor(Date.now() / 1000);
    const within = await signJwt({ sub: 'u1' }, { expiresAt: now - 10 });
    const beyond = await signJwt({ sub: 'u1' }, { expiresAt: now - 60 });
    expect(await verifier.verify(within)).toEqual({
      kind: 'token',
      subject: 'u1',
      role: undefined,
    });
    expect(await verifier.verify(beyond)).toBeUndefined();
  });

  it('refuses another issuer, an unknown role, and alg none', async () => {
    const verifier = new JoseJwtVerifier(JWT);
    const other = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setIssuer('https://other.example.com/')
      .setAudience(JWT.audience)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JWT.secret));
    expect(await verifier.verify(other)).toBeUndefined();
    const god = await new SignJWT({ role: 'god' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setIssuer(JWT.issuer)
      .setAudience(JWT.audience)
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JWT.secret));
    expect(await verifier.verify(god)).toBeUndefined();
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const none = `${part({ alg: 'none' })}.${part({ sub: 'u1', iss: JWT.issuer, aud: JWT.audience, exp: 9e9, role: 'admin' })}.`;
    expect(await verifier.verify(none)).toBeUndefined();
  });
});

describe('JWTs checked against a JWKS URL', () => {
  let jwks: ReturnType<typeof createServer>;
  let url: string;
  let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => jwks.close(() => resolve())));

  it('accepts a token signed by a key of the set, on the server door', async () => {
    const server = await startTestServer({
      auth: 'required',
      jwt: { jwksUrl: url, issuer: JWT.issuer, audience: JWT.audience, clockSkewSeconds: 30 },
    });
    try {
      const sign = (kid: string) =>
        new SignJWT({ role: 'reader' })
          .setProtectedHeader({ alg: 'RS256', kid })
          .setSubject('svc')
          .setIssuer(JWT.issuer)
          .setAudience(JWT.audience)
          .setExpirationTime('5m')
          .sign(privateKey);
      const ok = await server.app.inject({
        method: 'GET',
        url: '/inventory',
        headers: { authorization: `Bearer ${await sign('k1')}` },
      });
      expect(ok.statusCode).toBe(200);
      const unknownKid = await server.app.inject({
        method: 'GET',
        url: '/inventory',
        headers: { authorization: `Bearer ${await sign('k2')}` },
      });
      expect(unknownKid.statusCode).toBe(401);
      // An HS256 token made with the public key as secret (algorithm confusion) is refused.
      const forged = await signJwt({ sub: 'svc', role: 'admin' });
      const refused = await server.app.inject({
        method: 'GET',
        url: '/inventory',
        headers: { authorization: `Bearer ${forged}` },
      });
      expect(refused.statusCode).toBe(401);
    } finally {
      await server.dispose();
    }
  });
});
