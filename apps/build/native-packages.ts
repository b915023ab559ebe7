import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Native packages left out of every bundle (Lambda zips, the Azure app): their JavaScript loads a
 * binary from beside it, so they are installed next to the bundle that needs them instead.
 */
export const EXTERNAL_NATIVE = ['sharp'];

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CACHE = join(REPO_ROOT, 'dist', '.native');

/** The version the project pins (package.json), so the function runs what the tests ran. */
const pinnedVersion = (name: string): string => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  const version = manifest.dependencies[name];
  if (!version) throw new Error(`${name} is not a dependency of the project`);
  return version;
};

/**
 * Installs `name` for Linux on `cpu` (glibc, as Lambda's Amazon Linux is) with npm's own
 * platform options, so npm picks the matching prebuilt binary packages (sharp's @img/sharp-linux-*
 * and @img/sharp-libvips-linux-*) whatever machine builds; then copies the install into
 * `target`. One install per package, version and platform is kept under dist/.native.
 */
export const copyNativePackage = (name: string, cpu: 'x64' | 'arm64', target: string): void => {
  const version = pinnedVersion(name);
  const prefix = join(CACHE, `${name}-${version}-linux-${cpu}`);
  if (!existsSync(join(prefix, 'node_modules', name, 'package.json'))) {
    mkdirSync(prefix, { recursive: true });
    writeFileSync(join(prefix, 'package.json'), '{ "private": true }\n');
    execFileSync(
      'npm',
      [
        'install',
        `${name}@${version}`,
        '--os=linux',
        `--cpu=${cpu}`,
        '--libc=glibc',
        '--omit=dev',
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
      ],
      { cwd: prefix, stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  mkdirSync(target, { recursive: true });
  // Not npm's .bin links (nothing runs them; a zip would copy each target) nor its lock record.
  cpSync(join(prefix, 'node_modules'), target, {
    recursive: true,
    filter: (source) =>
      !source.includes(`node_modules${sep}.bin`) && !source.endsWith('.package-lock.json'),
  });
};
