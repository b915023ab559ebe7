import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobHealthCheck } from '../../adapters/azure/blob/health-check.blob';
import { decodeMetadataName, encodeMetadataName } from '../../adapters/azure/blob/metadata-names';
import { BlobObjectStore } from '../../adapters/azure/blob/object-store.blob';
import type { Clock } from '../../ports/clock.port';
import { describeObjectStoreContract } from '../contracts/object-store.contract';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';

let azurite: AzuriteInstance;
beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(async () => {
  await azurite?.stop();
});

const HOUR_AGO: Clock = { now: () => new Date(Date.now() - 3_600_000) };

const blobStore = (containerName: string, clock?: Clock) =>
  new BlobObjectStore({ connectionString: azurite.connectionString, containerName, clock });

describeObjectStoreContract('Azure Blob Storage (Azurite)', async () => {
  const container = uniqueName('c');
  const objects = blobStore(container);
  await objects.ensureContainer();
  return {
    objects,
    presignExpired: (key) => blobStore(container, HOUR_AGO).presignGet(key, 60),
    tamper: (url) => {
      const parsed = new URL(url);
      const signature = parsed.searchParams.get('sig')!;
      parsed.searchParams.set('sig', (signature.startsWith('A') ? 'B' : 'A') + signature.slice(1));
      return parsed.toString();
    },
    close: async () => {
      await objects.container.deleteIfExists();
    },
  };
});

describe('Azure Blob metadata names', () => {
  it.each([
    ['owner', 'owner'],
    ['x-trace', 'x_2Dtrace'],
    ['1st', '_31st'],
    ['snake_case', 'snake_5Fcase'],
    ['Grüße', 'gr_C3_BC_C3_9Fe'],
  ])('stores %s as the identifier %s and reads it back', (name, stored) => {
    expect(encodeMetadataName(name)).toBe(stored);
    expect(stored).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
    expect(decodeMetadataName(stored)).toBe(name.toLowerCase());
  });
});

describe('Azure Blob health', () => {
  it('passes on an existing container and fails on a missing one', async () => {
    const objects = blobStore(uniqueName('c'));
    await expect(new BlobHealthCheck(objects).check()).rejects.toThrow();
    await objects.ensureContainer();
    await expect(new BlobHealthCheck(objects).check()).resolves.toBeUndefined();
  });
});
