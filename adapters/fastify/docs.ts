import type { FastifySwaggerUiOptions } from '@fastify/swagger-ui';

/**
 * The Swagger UI page's Content-Security-Policy: its HTML loads only its own scripts and styles,
 * fetches the document from this origin, and may not be framed, post forms or load plugins.
 * The one inline style Swagger UI's bundle writes at run time is allowed by its hash alone (a
 * headless Chromium test reports any violation: test/browser/docs-csp.test.ts; a new
 * @fastify/swagger-ui may change the hash). Checked directive by directive in
 * test/http/security-headers.test.ts.
 */
export const DOCS_CSP: Record<string, string> = {
  'default-src': "'none'",
  'script-src': "'self'",
  'style-src': "'self' 'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='",
  'img-src': "'self' data:",
  'font-src': "'self' data:",
  'connect-src': "'self'",
  'base-uri': "'none'",
  'form-action': "'none'",
  'frame-ancestors': "'none'",
  'object-src': "'none'",
};

/** Swagger UI at /docs, with the strict CSP and the headers every API answer carries. */
export const docsOptions: FastifySwaggerUiOptions = {
  routePrefix: '/docs',
  staticCSP: DOCS_CSP,
  // No call to validator.swagger.io (the plugin's default): the page talks to this origin only.
  validatorUrl: false,
  uiHooks: {
    onRequest: (_request, reply, done) => {
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      done();
    },
  },
};
