import { createWriteStream, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { ZipFile } from 'yazl';
import { copyNativePackage, EXTERNAL_NATIVE } from '../build/native-packages';
import { onlyStoreSlices } from '../modules/store-slice-plugin';
import { NATIVE_PACKAGES } from './native-packages';

export { NATIVE_PACKAGES };

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_OUT_DIR = join(REPO_ROOT, 'dist', 'aws');

/** One entry per Lambda function: apps/aws-lambda/functions/<name>.ts -> dist/aws/<name>.zip. */
export const FUNCTIONS = [
  'http',
  'dynamodb-stream',
  'eventbridge-target',
  'schedule',
  'object-created',
  'lottery-select',
  'lottery-validate',
  'lottery-record',
  'images',
  'documents',
  'sqs-jobs',
  'live-socket',
  'live-broadcast',
] as const;
export type FunctionName = (typeof FUNCTIONS)[number];

export interface BuiltFunction {
  name: FunctionName;
  /** The unzipped bundle: index.mjs, its lazily loaded chunks and source maps. */
  dir: string;
  zip: string;
  /** JavaScript loaded at cold start (index.mjs and the chunks it imports) and on demand. */
  entryBytes: number;
  chunkBytes: number;
  zipBytes: number;
  metafile: Metafile;
}

/**
 * ESM needs `require` for the CommonJS dependencies esbuild inlines (find-my-way, uuid
 * helpers): without it they fail with `Dynamic require of "node:events"` (esbuild #1921).
 */
const REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** Fixed so the same code gives the same zip: the CDK asset hash changes only with the code. */
const ZIP_MTIME = new Date('2024-01-01T00:00:00Z');

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((path) => statSync(join(dir, path)).isFile())
    .map((path) => path.split(sep).join('/'))
    .sort();

const zipDirectory = (dir: string, target: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const zip = new ZipFile();
    for (const path of filesUnder(dir)) {
      zip.addBuffer(readFileSync(join(dir, path)), path, { mtime: ZIP_MTIME, mode: 0o100644 });
    }
    zip.end();
    zip.outputStream
      .pipe(createWriteStream(target))
      .on('close', () => resolve())
      .on('error', reject);
  });

export interface BuildOptions {
  outDir?: string;
  functions?: readonly FunctionName[];
  awsSdk?: AwsSdkPackaging;
}

/**
 * `bundled`: the AWS SDK clients a function uses go into its bundle, tree-shaken from their ESM
 * builds (`module` field, `module`/`import` conditions) with @aws-sdk/core, @smithy/* and the
 * credential providers they share. The runtime's copy is CommonJS, every command of every
 * client over hundreds of files, and loading it was most of a first data request. `runtime`:
 * every `@aws-sdk/*` import left to the copy the Lambda runtime ships, as before; benchmarks
 * build it to compare.
 */
export type AwsSdkPackaging = 'bundled' | 'runtime';

/**
 * Bundles each function into ESM for Node 22 (minified, linked source maps) with its entry
 * as index.mjs, Lambda's default `index.handler`, and zips it, the AWS SDK clients it uses
 * included (AwsSdkPackaging). Code splitting keeps dynamic imports (the HTTP function's
 * DynamoDB store, its bucket and topic, and the SDK under each) in chunks loaded on first use:
 * without it esbuild would hoist them to index.mjs and load the SDK at cold start, when a 404
 * or a preflight needs none of it. The price is that code shared by both sides sits in a chunk
 * index.mjs imports.
 */
export const buildFunctions = async (options: BuildOptions = {}): Promise<BuiltFunction[]> => {
  const outDir = options.outDir ?? DEFAULT_OUT_DIR;
  mkdirSync(outDir, { recursive: true });
  return Promise.all(
    (options.functions ?? FUNCTIONS).map(async (name) => ({
      name,
      ...(await bundleEntry(
        join(REPO_ROOT, 'apps', 'aws-lambda', 'functions', `${name}.ts`),
        join(outDir, name),
        options.awsSdk,
        NATIVE_PACKAGES[name] ?? [],
      )),
    })),
  );
};

/** One entry bundled and zipped as a function is (benchmarks build variants with it). */
export const bundleEntry = async (
  entry: string,
  dir: string,
  awsSdk: AwsSdkPackaging = 'bundled',
  native: readonly { name: string; cpu: 'x64' | 'arm64' }[] = [],
): Promise<Omit<BuiltFunction, 'name'>> => {
  rmSync(dir, { recursive: true, force: true });
  const result = await build({
    entryPoints: { index: entry },
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    mainFields: ['module', 'main'],
    minify: true,
    sourcemap: 'linked',
    sourcesContent: false,
    legalComments: 'none',
    external: [...EXTERNAL_NATIVE, ...(awsSdk === 'runtime' ? ['@aws-sdk/*'] : [])],
    plugins: [onlyStoreSlices('dynamodb')],
    banner: { js: REQUIRE_BANNER },
    metafile: true,
    logLevel: 'warning',
    tsconfig: join(REPO_ROOT, 'tsconfig.json'),
  });
  for (const pkg of native) copyNativePackage(pkg.name, pkg.cpu, join(dir, 'node_modules'));
  const zip = `${dir}.zip`;
  await zipDirectory(dir, zip);
  const eager = eagerOutputs(result.metafile);
  let entryBytes = 0;
  let chunkBytes = 0;
  for (const [file, output] of Object.entries(result.metafile.outputs)) {
    if (!file.endsWith('.mjs')) continue;
    if (eager.has(file)) entryBytes += output.bytes;
    else chunkBytes += output.bytes;
  }
  return {
    dir,
    zip,
    entryBytes,
    chunkBytes,
    zipBytes: statSync(zip).size,
    metafile: result.metafile,
  };
};

/** The outputs `roots` are and every chunk they import statically, transitively. */
export const staticallyLoaded = (metafile: Metafile, roots: Iterable<string>): Set<string> => {
  const loaded = new Set<string>();
  const visit = (file: string | undefined) => {
    if (!file || loaded.has(file) || !metafile.outputs[file]) return;
    loaded.add(file);
    for (const imported of metafile.outputs[file].imports) {
      if (imported.kind === 'import-statement') visit(imported.path);
    }
  };
  for (const root of roots) visit(root);
  return loaded;
};

/** index.mjs and every chunk it imports statically, transitively: what a cold start loads. */
export const eagerOutputs = (metafile: Metafile): Set<string> =>
  staticallyLoaded(
    metafile,
    Object.keys(metafile.outputs).filter((file) => file.endsWith('/index.mjs')),
  );

export interface InputShare {
  /** An npm package (`zod`) or a source folder (`domain/users`). */
  input: string;
  bytes: number;
}

/** Who takes the bytes a cold start loads: npm packages and source folders, largest first. */
export const bundleComposition = (built: BuiltFunction): InputShare[] => {
  const totals = new Map<string, number>();
  for (const file of eagerOutputs(built.metafile)) {
    for (const [path, { bytesInOutput }] of Object.entries(built.metafile.outputs[file]!.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1];
      const key = pkg ?? dirname(path);
      totals.set(key, (totals.get(key) ?? 0) + bytesInOutput);
    }
  }
  return [...totals].map(([input, bytes]) => ({ input, bytes })).sort((a, b) => b.bytes - a.bytes);
};

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
