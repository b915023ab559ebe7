/// <reference path="./dynalite.d.ts" />
// The reference is needed: a .d.ts beside a .ts of the same name is skipped by tsconfig's include.
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { createDynamoDbClients, type DynamoDbClients } from '../../adapters/aws/dynamodb/clients';
import { createTableInput } from '../../adapters/aws/dynamodb/table-design';

export interface Dynalite {
  /** What a process needs to reach it: endpoint, region and dummy keys. */
  env: Record<string, string>;
  clients: DynamoDbClients;
  /** Creates a fresh table with the production key schema and GSIs; resolves once ACTIVE. */
  newTable(): Promise<string>;
  close(): Promise<void>;
}

let tables = 0;

/**
 * dynalite in this process on a free loopback port, in memory. Tables are created ACTIVE at
 * once (createTableMs 0) but still awaited, as DynamoDB requires. One server per test file and a
 * table per test keeps tests independent and fast.
 */
export const startDynalite = async (): Promise<Dynalite> => {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const env = {
    AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
  };
  const clients = createDynamoDbClients(env);
  return {
    env,
    clients,
    async newTable() {
      tables += 1;
      const name = `test-${process.pid}-${tables}`;
      await clients.client.send(new CreateTableCommand(createTableInput(name)));
      for (let attempt = 0; attempt < 200; attempt += 1) {
        const { Table } = await clients.client.send(new DescribeTableCommand({ TableName: name }));
        const indexes = Table?.GlobalSecondaryIndexes ?? [];
        if (Table?.TableStatus === 'ACTIVE' && indexes.every((i) => i.IndexStatus === 'ACTIVE')) {
          return name;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      throw new Error(`table ${name} did not become ACTIVE`);
    },
    async close() {
      clients.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
