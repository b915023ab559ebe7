import type { IdGenerator } from '../../ports/id-generator.port';

/** Predictable, sortable ids (`id-000001`, ...) for readable test failures. */
export class SequentialIdGenerator implements IdGenerator {
  private counter = 0;

  constructor(private readonly prefix = 'id') {}

  next(): string {
    this.counter += 1;
    return `${this.prefix}-${String(this.counter).padStart(12, '0')}`;
  }
}
