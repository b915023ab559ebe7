import type { LiveConnection } from '../../domain/live';
import type { LiveConnectionStore } from '../../ports/live-connection-store.port';

/**
 * Connections in this process: the server's (its sockets live here, whatever its record store)
 * and the tests'. Copies in and out, so a caller's later change to an object is not stored.
 */
export class MemoryLiveConnectionStore implements LiveConnectionStore {
  private readonly connections = new Map<string, LiveConnection>();

  async put(connection: LiveConnection): Promise<void> {
    this.connections.set(connection.id, structuredClone(connection));
  }

  async get(id: string): Promise<LiveConnection | undefined> {
    const found = this.connections.get(id);
    return found && structuredClone(found);
  }

  async setSubscriptions(id: string, patterns: readonly string[]): Promise<boolean> {
    const found = this.connections.get(id);
    if (!found) return false;
    found.patterns = [...patterns];
    return true;
  }

  async delete(id: string): Promise<void> {
    this.connections.delete(id);
  }

  async list(): Promise<LiveConnection[]> {
    return [...this.connections.values()].map((connection) => structuredClone(connection));
  }
}
