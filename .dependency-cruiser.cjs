// @ts-check
/**
 * The dependency rule of /work/shared/ARCHITECTURE.md, machine-checked.
 *
 *   npm run depcheck                   CLI, exit code != 0 on any violation
 *   npx vitest run test/architecture   same rules via the JS API, plus a fixture tree proving that
 *                                      every rule fires, plus an exact runtime-cycle check (below)
 *
 * Paths are matched relative to the cruise's baseDir (the repo root). npm packages are matched as
 * `(^|/)node_modules/<name>/` so the rules also hold when the cruise runs from a sub-folder (the
 * architecture test's fixture tree lives under test/architecture/ and resolves packages upwards).
 *
 * Type-only imports (`import type`) are kept as dependencies (`tsPreCompilationDeps: true`): a type
 * import of an adapter from domain/ is as much a layering breach as a value import. They carry the
 * dependency type 'type-only', which is what the cycle rules use to tell erased edges from real ones.
 *
 * Caveat on cycles: dependency-cruiser attaches ONE cycle (the first it finds) to each edge, so a
 * runtime cycle that shares an edge with a type-only cycle can be reported as the type-only one and
 * slip past `no-runtime-cycles`. test/architecture/dependency-rule.test.ts therefore also computes
 * the strongly connected components of the value-import graph, which is exact.
 */

/** npm package `name` (and its sub-paths) wherever node_modules sits; also when unresolvable. */
const npm = (/** @type {string} */ name) => `(^|/)node_modules/${name}/|^${name}(/|$)`;

/** node built-ins the domain may use: they compute, they do no I/O. */
const PURE_NODE_BUILTINS = '^(node:)?(crypto|util)$';

/** Neutral adapter layers every adapter family may build on (and which import no family). */
const SHARED_ADAPTER_FAMILIES = 'http';

/** Dependency types that vanish at compile time (`import type`, `import('x').T`). */
const TYPE_ONLY = ['type-only', 'type-import'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-only-domain-ports-zod',
      severity: 'error',
      comment:
        'domain/ is pure business logic: it may import domain/, ports/, zod and the I/O-free node ' +
        'built-ins node:crypto and node:util. Nothing else: no adapters/, no apps/, no other npm ' +
        'package, no I/O built-in such as node:fs.',
      from: { path: '^domain/' },
      to: { pathNot: ['^(domain|ports)/', npm('zod'), PURE_NODE_BUILTINS] },
    },
    {
      name: 'domain-module-through-public-entry',
      severity: 'error',
      comment:
        'A domain module (domain/<name>/) may use another only through its public entry, ' +
        'domain/<other>/index.ts; domain/shared/ is for everyone. Its other files are its own.',
      from: { path: '^domain/([^/]+)/', pathNot: '^domain/shared/' },
      to: { path: '^domain/(?!$1/|shared/)[^/]+/(?!index\\.ts$)' },
    },
    {
      name: 'app-module-through-descriptor',
      severity: 'error',
      comment:
        'A module of apps/modules/<name>/ may use another only through its descriptor, ' +
        '<other>.module.ts: its store slices are loaded by the folds, never imported by a peer.',
      from: { path: '^apps/modules/([^/]+)/' },
      to: { path: '^apps/modules/(?!$1/)[^/]+/(?![^/]+\\.module\\.ts$)' },
    },
    {
      name: 'ports-import-only-ports-domain',
      severity: 'error',
      comment:
        'ports/ are interfaces (+ DI tokens): they may import ports/ and domain/ only; never ' +
        'adapters/, apps/, an npm package or a node built-in.',
      from: { path: '^ports/' },
      to: { pathNot: '^(domain|ports)/' },
    },
    {
      name: 'ports-import-domain-types-only',
      severity: 'error',
      comment:
        'ports/ speak in domain types; a value import from domain/ couples the interface layer to ' +
        'domain behaviour (and creates runtime cycles). Use `import type`.',
      from: { path: '^ports/' },
      to: { path: '^domain/', dependencyTypesNot: TYPE_ONLY },
    },
    {
      name: 'adapter-family-isolation',
      severity: 'error',
      comment:
        'adapters/<family> may import its own family and the shared neutral HTTP layer ' +
        '(adapters/http) only - never another technology (sqlite -> memory, aws -> azure ...).',
      from: { path: '^adapters/([^/]+)/', pathNot: `^adapters/(${SHARED_ADAPTER_FAMILIES})/` },
      to: { path: '^adapters/', pathNot: `^adapters/($1|${SHARED_ADAPTER_FAMILIES})/` },
    },
    {
      name: 'shared-http-adapter-imports-no-family',
      severity: 'error',
      comment:
        'adapters/http is the transport-neutral layer every driving adapter builds on; it must not ' +
        'depend on any concrete adapter family (fastify, aws, azure, sqlite ...).',
      from: { path: `^adapters/(${SHARED_ADAPTER_FAMILIES})/` },
      to: { path: '^adapters/', pathNot: '^adapters/$1/' },
    },
    {
      name: 'nothing-imports-apps',
      severity: 'error',
      comment:
        'apps/ are composition roots: only apps/ (and test/) may import them. Whatever in apps/ is ' +
        'needed elsewhere belongs in domain/, ports/ or adapters/.',
      from: { pathNot: '^(apps|test)/' },
      to: { path: '^apps/' },
    },
    {
      name: 'di-container-only-in-apps',
      severity: 'error',
      comment:
        'inversify (and reflect-metadata) live in apps/ only: domain services and adapters are ' +
        'plain classes whose constructors take their collaborators. No decorators.',
      from: { pathNot: '^apps/' },
      to: { path: [npm('inversify'), npm('@inversifyjs/[^/]+'), npm('reflect-metadata')] },
    },
    {
      name: 'no-runtime-cycles',
      severity: 'error',
      comment:
        'No circular dependencies between files: a cycle made only of value (runtime) imports is ' +
        'never allowed, anywhere.',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: TYPE_ONLY } },
    },
    {
      name: 'no-type-only-cycles-outside-domain-ports',
      severity: 'error',
      comment:
        'The one tolerated cycle is a type-only one inside domain/ + ports/ (ports import domain ' +
        'types, domain imports port types; both erased at compile time). A cycle touching adapters/ ' +
        'or apps/ is a violation even when an `import type` breaks it at runtime.',
      from: { pathNot: '^(domain|ports)/' },
      to: { circular: true, via: { dependencyTypes: TYPE_ONLY } },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'Every import must resolve: an unresolved one is a bug, and it would also make the path ' +
        'rules above blind to it.',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Extensionless ESM imports (moduleResolution "bundler"): resolve the way TypeScript does.
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
      extensions: ['.ts', '.mts', '.cts', '.d.ts', '.js', '.mjs', '.cjs', '.json'],
    },
    // Compute only what the rules need (cycles yes, stability metrics no): keeps the run fast.
    skipAnalysisNotInRules: true,
  },
};
