import { afterEach, beforeEach, expect, it } from 'vitest';
import { createPinoLogger } from '../../adapters/pino/logger.pino';
import type { InventoryServices } from '../../apps/modules/inventory/inventory.module';
import { inventoryModule } from '../../apps/modules/inventory/inventory.module';
import { buildServer } from '../../apps/server/build-server';
import { moduleToken } from '../../apps/server/container';
import { tempDir } from '../support/temp-dir';
import { testConfig } from '../support/test-server';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir('resume-');
});
afterEach(() => dir.remove());

const boot = () =>
  buildServer({
    config: testConfig({ dataDir: dir.path }),
    logger: createPinoLogger({ level: 'silent' }),
  });

it('imports, after a restart, an upload the previous run accepted but never imported', async () => {
  // Run 1 stores the upload and queues its import, then stops before the import starts
  // (the 202 went out; the process died).
  const first = await boot();
  const { inventory } = first.container.get<InventoryServices>(moduleToken(inventoryModule));
  const queued = await inventory.upload('store,item,count\nOslo,milk,2\nOslo,milk,0\n');
  await first.close();

  const second = await boot();
  try {
    second.start();
    await second.background.drain();
    await second.relay?.drain();
    const record = await second.app.inject({
      method: 'GET',
      url: `/inventory/imports/${queued.id}`,
    });
    expect(record.json()).toMatchObject({ status: 'completed', rowsRead: 2, rowsImported: 2 });
    const notifications = await second.app.inject({ method: 'GET', url: '/notifications' });
    expect(notifications.json().items).toEqual([
      expect.objectContaining({
        subject: 'Inventory Alert!',
        message: 'Oslo is out of stock of milk',
      }),
    ]);
  } finally {
    await second.close();
  }
  // A third start finds nothing left to do.
  const third = await boot();
  try {
    third.start();
    await third.background.drain();
    const stock = await third.app.inject({ method: 'GET', url: '/inventory/Oslo/milk' });
    expect(stock.json()).toMatchObject({ count: 0, version: 1 });
  } finally {
    await third.close();
  }
});
