import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { CONSOLE_DIST } from './paths';

const ENTRY = fileURLToPath(new URL('./src/main.ts', import.meta.url));
const PAGE = fileURLToPath(new URL('./src/index.html', import.meta.url));

export interface BuiltConsole {
  dir: string;
  /** Every file index.html loads, by name, and index.html itself. */
  files: string[];
}

/**
 * The console as static files: one minified ES module and one stylesheet, named by their content
 * hash (cached for good by browsers), and index.html loading them. No inline script or style,
 * so the page runs under a CSP of `'self'` alone. Each file also gets .br and .gz copies that
 * the server sends as they are.
 */
export const buildConsole = async (dir: string = CONSOLE_DIST): Promise<BuiltConsole> => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const result = await build({
    entryPoints: { app: ENTRY },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    entryNames: '[name]-[hash]',
    outdir: dir,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((path) => basename(path));
  const script = outputs.find((name) => name.endsWith('.js'));
  const style = outputs.find((name) => name.endsWith('.css'));
  if (!script || !style) throw new Error(`console build made ${outputs.join(', ')}`);
  const page = readFileSync(PAGE, 'utf8')
    .replace('{{style}}', `./${style}`)
    .replace('{{script}}', `./${script}`);
  writeFileSync(join(dir, 'index.html'), page);
  const files = ['index.html', script, style];
  for (const name of files) {
    const bytes = readFileSync(join(dir, name));
    writeFileSync(join(dir, `${name}.gz`), gzipSync(bytes, { level: 9 }));
    writeFileSync(
      join(dir, `${name}.br`),
      brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    );
  }
  return { dir, files };
};

/** Whether the console's libraries are installed: a production install (`--omit=dev`) lacks them. */
const buildable = () => {
  try {
    import.meta.resolve('preact');
    import.meta.resolve('htm/preact');
    return true;
  } catch {
    return false;
  }
};

/**
 * `npm run build:console [-- DIR]`. With `--if-buildable` (npm start's prestart) an install
 * without devDependencies starts the server anyway: one line says /admin is off, and why.
 */
if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const dir = args.find((arg) => !arg.startsWith('--')) ?? CONSOLE_DIST;
  if (args.includes('--if-buildable') && !buildable()) {
    console.log(
      'Admin console not built: its devDependencies (preact, htm) are not installed; /admin stays off',
    );
  } else {
    const started = performance.now();
    const built = await buildConsole(dir);
    const sizes = built.files.map((name) => {
      const gzipped = readFileSync(join(built.dir, `${name}.gz`)).length;
      return `${name} ${(gzipped / 1024).toFixed(1)} KB gz`;
    });
    console.log(
      `Admin console built into ${built.dir} in ${Math.round(performance.now() - started)} ms: ${sizes.join(', ')}`,
    );
  }
}
