import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import type { QueueClient } from '@azure/storage-queue';
import { tempDir } from './temp-dir';

/** Azurite's well-known development account (public, documented, works only on the emulator). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
const AZURITE_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export interface AzuriteInstance {
  blobEndpoint: string;
  queueEndpoint: string;
  tableEndpoint: string;
  /** Account-key connection string for all three services (SAS URLs can be signed with it). */
  connectionString: string;
  stop(): Promise<void>;
}

const SERVICES = ['Blob', 'Queue', 'Table'] as const;
type Service = (typeof SERVICES)[number];
const LISTENING = /Azurite (Blob|Queue|Table) service is successfully listening at (http:\/\/\S+)/;

let counter = 0;
/**
 * A name no other test in this file has used: Azurite is shared per file, so tables, queues
 * and containers are isolated by name. Lower-case letters and digits fit every service's rules.
 */
export const uniqueName = (prefix: string) =>
  `${prefix}${process.pid.toString(36)}${(++counter).toString(36)}${Date.now().toString(36)}`
    .toLowerCase()
    .slice(0, 60);

/**
 * Azurite as a child process: in-memory, loopback only, every service on a port the OS picks
 * (read back from its stdout). Start it once per test file; `stop` sends SIGTERM.
 */
export const startAzurite = async (): Promise<AzuriteInstance> => {
  const dir = tempDir('azurite-');
  const script = createRequire(import.meta.url).resolve('azurite/dist/src/azurite.js');
  const args = [
    script,
    '--inMemoryPersistence',
    '--silent',
    '--disableTelemetry',
    '--skipApiVersionCheck',
  ];
  for (const service of SERVICES) {
    const name = service.toLowerCase();
    args.push(`--${name}Host`, '127.0.0.1', `--${name}Port`, '0');
  }
  // In-memory mode refuses --location; the working directory catches any stray file instead.
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: dir.path,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit');
  let output = '';
  const endpoints = await new Promise<Record<Service, string>>((resolve, reject) => {
    const found: Partial<Record<Service, string>> = {};
    const timer = setTimeout(() => reject(new Error(`Azurite did not start: ${output}`)), 20_000);
    const onLine = (line: string) => {
      output += `${line}\n`;
      const match = LISTENING.exec(line);
      if (!match) return;
      found[match[1] as Service] = match[2]!;
      if (SERVICES.every((service) => found[service])) {
        clearTimeout(timer);
        resolve(found as Record<Service, string>);
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited before listening: ${output}`));
    });
  });
  const url = (service: Service) => `${endpoints[service]}/${AZURITE_ACCOUNT}`;
  return {
    blobEndpoint: url('Blob'),
    queueEndpoint: url('Queue'),
    tableEndpoint: url('Table'),
    connectionString: [
      'DefaultEndpointsProtocol=http',
      `AccountName=${AZURITE_ACCOUNT}`,
      `AccountKey=${AZURITE_KEY}`,
      `BlobEndpoint=${url('Blob')}`,
      `QueueEndpoint=${url('Queue')}`,
      `TableEndpoint=${url('Table')}`,
    ].join(';'),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await exited;
      }
      dir.remove();
    },
  };
};

/** Reads the queue to the end, deleting what it read; returns every message text read so far. */
export const queueReader = (queue: QueueClient) => {
  const texts: string[] = [];
  return async () => {
    for (;;) {
      const { receivedMessageItems } = await queue.receiveMessages({ numberOfMessages: 32 });
      if (receivedMessageItems.length === 0) return [...texts];
      for (const item of receivedMessageItems) {
        texts.push(item.messageText);
        await queue.deleteMessage(item.messageId, item.popReceipt);
      }
    }
  };
};
