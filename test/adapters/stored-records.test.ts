import { join } from 'node:path';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDynamoDbTable } from '../../adapters/aws/dynamodb/dynamodb-store';
import { TableStore } from '../../adapters/azure/tables/table-store';
import { SqliteOutbox } from '../../adapters/sqlite/outbox.sqlite';
import { openTableStore } from '../../apps/composition/stores/azure-tables';
import { openDynamoDbStore } from '../../apps/composition/stores/dynamodb';
import { storesOf } from '../../apps/composition/stores/open-store';
import { openSqliteStore } from '../../apps/composition/stores/sqlite';
import { inventoryModule } from '../../apps/modules/inventory/inventory.module';
import { modules } from '../../apps/modules/modules';
import { ordersModule } from '../../apps/modules/orders/orders.module';
import { usersModule } from '../../apps/modules/users/users.module';
import { CorruptRecordError } from '../../domain/shared/stored-record';
import { type AzuriteInstance, startAzurite, uniqueName } from '../support/azurite';
import { type Dynalite, startDynalite } from '../support/dynalite';
import { sampleOrder } from '../support/sample-data';
import { tempDir } from '../support/temp-dir';

/**
 * Every store checks what it reads back against the record's schema: a row or item that is not
 * what the types say (a hand edit, a bug, another version's write) is reported as such, a 500 the
 * logs name, never handed on as a mistyped value.
 */
describe('records are checked on read', () => {
  it('SQLite: JSON columns (order items, import records, outbox events)', async () => {
    const dir = tempDir('corrupt-');
    const store = await openSqliteStore(modules, join(dir.path, 'app.db'));
    try {
      const order = sampleOrder();
      await storesOf(store, ordersModule).orders.insert(order, []);
      store.db.db.prepare('UPDATE orders SET items = ? WHERE id = ?').run('[{"sku": 1}', order.id);
      await expect(storesOf(store, ordersModule).orders.findById(order.id)).rejects.toThrow(
        CorruptRecordError,
      );
      store.db.db
        .prepare('INSERT INTO imports (id, version, record) VALUES (?, ?, ?)')
        .run('imp-1', 1, '{"id": "imp-1"}');
      await expect(storesOf(store, inventoryModule).imports.findById('imp-1')).rejects.toThrow(
        /Stored import imp-1 is not valid: source: /,
      );
      store.db.db
        .prepare('INSERT INTO outbox (event_id, type, event) VALUES (?, ?, ?)')
        .run('e-1', 'x.y', 'not json');
      await expect(new SqliteOutbox(store.db).due(10, new Date())).rejects.toThrow(
        /Stored outbox event is not JSON/,
      );
    } finally {
      store.close();
      dir.remove();
    }
  });

  describe('Table Storage (Azurite): entities are cast by schema, not blindly', () => {
    let azurite: AzuriteInstance;
    beforeAll(async () => {
      azurite = await startAzurite();
    });
    afterAll(async () => {
      await azurite?.stop();
    });

    it('refuses a user entity without an email and an order with unreadable items', async () => {
      const tables = new TableStore({
        connectionString: azurite.connectionString,
        tablePrefix: uniqueName('bad'),
      });
      const store = await openTableStore(modules, tables);
      await tables.records.createEntity({
        partitionKey: 'user|u-1',
        rowKey: 'user',
        kind: 'user',
        id: 'u-1',
        name: 'Ada',
        status: 'active',
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
        version: 1,
      });
      await expect(storesOf(store, usersModule).users.findById('u-1')).rejects.toThrow(
        /Stored user is not valid: email: /,
      );
      const order = sampleOrder();
      await storesOf(store, ordersModule).orders.insert(order, []);
      await tables.records.updateEntity(
        { partitionKey: `order|${order.id}`, rowKey: 'order', items: '{not json' },
        'Merge',
      );
      await expect(storesOf(store, ordersModule).orders.findById(order.id)).rejects.toThrow(
        CorruptRecordError,
      );
    });
  });

  describe('DynamoDB (dynalite)', () => {
    let db: Dynalite;
    beforeAll(async () => {
      db = await startDynalite();
    });
    afterAll(async () => {
      await db?.close();
    });

    it('refuses a user item whose version is not a number', async () => {
      const tableName = await db.newTable();
      const store = await openDynamoDbStore(
        modules,
        openDynamoDbTable({ client: db.clients.doc, tableName }),
      );
      await db.clients.doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { pk: 'USER#u-1', sk: 'USER', id: 'u-1', name: 'Ada', version: 'one' },
        }),
      );
      await expect(storesOf(store, usersModule).users.findById('u-1')).rejects.toThrow(
        CorruptRecordError,
      );
    });
  });
});
