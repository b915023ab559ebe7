import type { DrawRecord } from '../../domain/lottery/draw-record';
import type { Page, PageRequest } from '../../domain/shared/pagination';
import type { DrawStore } from '../../ports/draw-store.port';
import { pageNewestFirst } from './key-page';

export class MemoryDrawStore implements DrawStore {
  private readonly draws = new Map<string, DrawRecord>();

  async create(draw: DrawRecord): Promise<boolean> {
    if (this.draws.has(draw.id)) return false;
    this.draws.set(draw.id, structuredClone(draw));
    return true;
  }

  async save(draw: DrawRecord): Promise<void> {
    this.draws.set(draw.id, structuredClone(draw));
  }

  async find(id: string): Promise<DrawRecord | null> {
    const draw = this.draws.get(id);
    return draw ? structuredClone(draw) : null;
  }

  async unfinished(): Promise<DrawRecord[]> {
    return [...this.draws.values()]
      .filter((draw) => draw.status === 'running')
      .map((draw) => structuredClone(draw));
  }

  async list(page: PageRequest): Promise<Page<DrawRecord>> {
    return structuredClone(pageNewestFirst(this.draws.values(), page));
  }
}
