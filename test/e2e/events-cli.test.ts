import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../support/temp-dir';

const run = promisify(execFile);
const dir = tempDir('events-cli-');
afterAll(() => dir.remove());

/** `npm run cli -- events test-pattern ...` as a user runs it: a real process, exit code and output. */
const testPattern = async (pattern: unknown, event: unknown) => {
  const name = Math.random().toString(36).slice(2);
  const patternFile = join(dir.path, `${name}-pattern.json`);
  const eventFile = join(dir.path, `${name}-event.json`);
  writeFileSync(patternFile, typeof pattern === 'string' ? pattern : JSON.stringify(pattern));
  writeFileSync(eventFile, JSON.stringify(event));
  const args = ['--import', 'tsx', 'apps/cli/main.ts', 'events', 'test-pattern'];
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [...args, '--pattern', patternFile, '--event', eventFile],
      { timeout: 60_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

/** The instance-termination example of EventBridge's "Creating event patterns". */
const ec2Event = JSON.parse(
  readFileSync(
    new URL('../fixtures/eventbridge/ec2-instance-state-change.json', import.meta.url),
    'utf8',
  ),
);
const terminated = {
  source: ['aws.ec2'],
  'detail-type': ['EC2 Instance State-change Notification'],
  detail: { state: ['terminated'] },
};

describe('npm run cli -- events test-pattern', () => {
  it.concurrent.each([
    ['a matching event', terminated, ec2Event, 0, 'true\n'],
    [
      'an event that does not match',
      terminated,
      { ...ec2Event, detail: { state: 'running' } },
      1,
      'false\n',
    ],
    [
      'a pattern EventBridge refuses',
      { source: 'aws.ec2' },
      ec2Event,
      2,
      'invalid: source: "source" must be an object or an array\n',
    ],
    [
      'an event without the fields TestEventPattern requires',
      terminated,
      { source: 'aws.ec2', detail: {} },
      2,
      'invalid: the event lacks the mandatory field(s) id, account, time, region, resources, detail-type\n',
    ],
    [
      'a pattern that is not JSON',
      '{"source": [',
      ec2Event,
      2,
      /^invalid: the pattern is not JSON: /,
    ],
  ])('answers %s', async (_name, pattern, event, code, out) => {
    const result = await testPattern(pattern, event);
    expect(result.code, result.stderr).toBe(code);
    if (typeof out === 'string') expect(result.stdout).toBe(out);
    else expect(result.stdout).toMatch(out);
  });
});
