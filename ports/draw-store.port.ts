import type { DrawRecord } from '../domain/lottery/draw-record';

/** Where an in-process workflow keeps each draw, saved after every state. */
export interface DrawStore {
  /** False when a draw with this id exists already. */
  create(draw: DrawRecord): Promise<boolean>;
  /** Replaces the stored draw. */
  save(draw: DrawRecord): Promise<void>;
  find(id: string): Promise<DrawRecord | null>;
  /** Draws still `running`: a stop cut them short, and a restart picks them up. */
  unfinished(): Promise<DrawRecord[]>;
}
