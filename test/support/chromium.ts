import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';

/**
 * Debian's Chromium, installed by the project when the machine lacks it (a test tool's own
 * browser download cannot run here: the machine reaches only npm and Debian's packages).
 * Installing needs root, as on CI; elsewhere the message says what to run.
 */
export const ensureChromium = (): string => {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (process.getuid?.() !== 0) {
    throw new Error(`No ${CHROMIUM}: install Debian's chromium (sudo apt-get install -y chromium)`);
  }
  const apt = (...args: string[]) =>
    execFileSync('apt-get', args, {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  apt('update', '-qq');
  apt('install', '-y', '-qq', 'chromium');
  return CHROMIUM;
};

/**
 * Headless Chromium as it runs on a machine with no network beyond loopback: without the
 * background-networking flags it floods refused connections at start.
 */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: ensureChromium(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
