import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { copyNativePackage, EXTERNAL_NATIVE } from '../build/native-packages';
import { onlyStoreSlices } from '../modules/store-slice-plugin';
import { CONNECTION_SETTING } from './config';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(HERE, '..', '..');
export const DEFAULT_OUT_DIR = join(REPO_ROOT, 'dist', 'azure');

/**
 * ESM needs `require` for the CommonJS code esbuild inlines (@azure/functions itself, which
 * also requires the worker's built-in `@azure/functions-core` at run time).
 */
const REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** What `func start` reads locally; never published (func excludes it, and so does .funcignore). */
const LOCAL_SETTINGS = {
  IsEncrypted: false,
  Values: {
    FUNCTIONS_WORKER_RUNTIME: 'node',
    AzureWebJobsStorage: 'UseDevelopmentStorage=true',
    [CONNECTION_SETTING]: 'UseDevelopmentStorage=true',
    CORS_ORIGINS: '',
    LOG_LEVEL: 'info',
  },
};

export interface BuiltApp {
  outDir: string;
  bundleBytes: number;
  metafile: Metafile;
}

/**
 * `npm run build:azure`: dist/azure/ is a function app folder as `func azure functionapp
 * publish` or a zip deploy takes it: host.json, package.json whose `main` is the bundle, and
 * index.mjs, one ESM file with every dependency inside but sharp, which is native: it is in
 * node_modules/ with its linux-x64 binary (no remote build).
 * `@azure/functions-core` stays external: the Node worker provides it.
 */
export const buildAzureFunctions = async (outDir = DEFAULT_OUT_DIR): Promise<BuiltApp> => {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    entryPoints: { index: join(HERE, 'index.ts') },
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    mainFields: ['module', 'main'],
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    external: ['@azure/functions-core', ...EXTERNAL_NATIVE],
    plugins: [onlyStoreSlices('azure-tables')],
    banner: { js: REQUIRE_BANNER },
    metafile: true,
    logLevel: 'warning',
    tsconfig: join(REPO_ROOT, 'tsconfig.json'),
  });
  const root = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    version: string;
  };
  const manifest = {
    name: 'one-core-three-doors-azure-functions',
    version: root.version,
    private: true,
    description: 'Built by npm run build:azure; deploy this folder as is.',
    type: 'module',
    main: 'index.mjs',
    engines: { node: '>=20' },
    dependencies: {},
  };
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  copyFileSync(join(HERE, 'host.json'), join(outDir, 'host.json'));
  writeFileSync(
    join(outDir, 'local.settings.json'),
    `${JSON.stringify(LOCAL_SETTINGS, null, 2)}\n`,
  );
  writeFileSync(join(outDir, '.funcignore'), 'local.settings.json\n*.map\n');
  // sharp's JavaScript and its prebuilt linux-x64 binary (Azure Functions on Linux runs x64),
  // installed for that platform by npm whatever machine builds; loaded by the first image.
  for (const name of EXTERNAL_NATIVE) copyNativePackage(name, 'x64', join(outDir, 'node_modules'));
  return {
    outDir,
    bundleBytes: statSync(join(outDir, 'index.mjs')).size,
    metafile: result.metafile,
  };
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  const built = await buildAzureFunctions();
  const largest = Object.entries(
    built.metafile.outputs[relative(REPO_ROOT, join(built.outDir, 'index.mjs'))]?.inputs ?? {},
  )
    .map(([input, { bytesInOutput }]) => ({ input, bytesInOutput }))
    .sort((a, b) => b.bytesInOutput - a.bytesInOutput)
    .slice(0, 6)
    .map(
      ({ input, bytesInOutput }) => `${input.replace(/^node_modules\//, '')} ${kb(bytesInOutput)}`,
    );
  console.log(
    `Built ${relative(REPO_ROOT, built.outDir)}/ in ${Math.round(performance.now() - started)} ms: index.mjs ${kb(built.bundleBytes)}`,
  );
  console.log(`largest inputs: ${largest.join(', ')}`);
}
