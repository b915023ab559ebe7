import type { DrawRecord } from '../domain/lottery/draw-record';
import type { Page, PageRequest } from '../domain/shared/pagination';

/** Where an in-process workflow keeps each draw, saved after every state. */
export interface DrawStore {
  /** False when a draw with this id exists already. */
  create(draw: DrawRecord): Promise<boolean>;
  /** Replaces the stored draw. */
  save(draw: DrawRecord): Promise<void>;
  find(id: string): Promise<DrawRecord | null>;
  /** Draws still `running`: a stop cut them short, and a restart picks them up. */
  unfinished(): Promise<DrawRecord[]>;
  /** Every draw, newest first (domain/shared/newest-first.ts), a page at a time. */
  list(page: PageRequest): Promise<Page<DrawRecord>>;
}
