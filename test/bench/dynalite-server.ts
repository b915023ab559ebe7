/// <reference path="../support/dynalite.d.ts" />
/**
 * dynalite in a process of its own, for benchmarks: the emulator's CPU is not the measured
 * code's. Prints `{"port":N}` once listening; exits when its stdin closes (the parent ended).
 */
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: (server.address() as AddressInfo).port })}\n`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
