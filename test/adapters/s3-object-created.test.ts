import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { S3Event } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import {
  createS3ObjectCreatedHandler,
  type S3ObjectCreated,
  s3RecordToCreated,
} from '../../adapters/aws/lambda/s3-object-created';
import { dispatchObjectCreated } from '../../apps/composition/object-dispatch';
import { ImportSourceNotFoundError } from '../../domain/inventory/inventory-errors';
import { capturingLogger } from '../support/capturing-logger';

const FIXTURE = JSON.parse(
  readFileSync(
    join(dirname(fileURLToPath(import.meta.url)), '../fixtures/aws-events/s3-event.json'),
    'utf8',
  ),
) as S3Event;

const withKeys = (...keys: [string, string?][]): S3Event => ({
  Records: keys.map(([key, eventName]) => {
    const record = structuredClone(FIXTURE.Records[0]!);
    record.s3.object.key = key;
    if (eventName) record.eventName = eventName;
    return record;
  }),
});

describe('the S3 object-created door', () => {
  it('reads the real notification: bucket, decoded key, ETag and size', () => {
    expect(s3RecordToCreated(FIXTURE.Records[0]!)).toEqual({
      bucket: 'sourcebucket',
      key: 'Happy Face.jpg',
      etag: 'd41d8cd98f00b204e9800998ecf8427e',
      size: 1024,
    });
    const [plus] = withKeys(['inventory/uploads/Store+%231%2Fa%C3%A9.csv']).Records;
    expect(s3RecordToCreated(plus!)?.key).toBe('inventory/uploads/Store #1/aé.csv');
    const [removed] = withKeys(['inventory/a.csv', 'ObjectRemoved:Delete']).Records;
    expect(s3RecordToCreated(removed!)).toBeNull();
  });

  it('hands every created key to the dispatch, which skips keys no module owns, and keeps going after a failed one', async () => {
    const seen: string[] = [];
    const { logger, lines } = capturingLogger();
    const dispatch = dispatchObjectCreated(
      [
        {
          module: 'inventory',
          prefix: 'inventory/',
          onCreated: async (key) => {
            seen.push(key);
            if (key.endsWith('gone.csv')) throw new ImportSourceNotFoundError(key);
            if (key.endsWith('flaky.csv')) throw new Error('socket hang up');
            return { imported: key };
          },
        },
      ],
      logger,
    );
    const handler = createS3ObjectCreatedHandler({
      logger,
      onCreated: ({ key }: S3ObjectCreated) => dispatch(key),
    });
    await expect(
      handler(
        withKeys(
          ['inventory/old.csv', 'ObjectRemoved:Delete'],
          ['images/cat.jpg'],
          ['inventory/gone.csv'],
          ['inventory/flaky.csv'],
          ['inventory/ok.csv'],
        ),
      ),
    ).rejects.toThrow('Objects not handled, to retry: inventory/flaky.csv');
    expect(seen).toEqual(['inventory/gone.csv', 'inventory/flaky.csv', 'inventory/ok.csv']);
    // pino levels: 30 info, 40 warn, 50 error.
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      [30, 'S3 record skipped: not an object created'],
      [30, 'object skipped: no module handles its prefix'],
      [40, 'S3 object not handled; a retry would not change that'],
      [50, 'S3 object not handled; the invocation will be retried'],
      [30, 'object handled'],
    ]);
    // A domain refusal alone is not retried.
    await expect(handler(withKeys(['inventory/gone.csv']))).resolves.toBeUndefined();
  });
});
