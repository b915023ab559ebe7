import type { ImportProgress } from '../../domain/inventory/inventory-service';

const WIDTH = 30;

const number = new Intl.NumberFormat('en');

/** A count as the progress line and the summary print it: 1,203. */
export const formatCount = (value: number): string => number.format(value);

/** How fast rows went over one interval: the progress line's clock. */
export interface ImportPace {
  seconds: number;
  rowsPerSecond: number;
}

/**
 * One status line, redrawn in place on a terminal (at most every 100 ms), or written as a plain
 * line every few seconds when the output is a file or a pipe (CI logs). Its clock starts when it
 * is created (just before the import) and stops at finish(), whose pace the summary reports, so
 * the summary and the last line give one rate over one interval.
 */
export class ProgressLine {
  private readonly started = performance.now();
  private stopped: number | undefined;
  private drawnAt = 0;
  private drawn = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly totalRows: number,
  ) {}

  private paceAt(now: number, rows: number): ImportPace {
    const seconds = (now - this.started) / 1000;
    return { seconds, rowsPerSecond: seconds > 0 ? Math.round(rows / seconds) : 0 };
  }

  update(progress: ImportProgress, force = false): void {
    const now = this.stopped ?? performance.now();
    const interval = this.out.isTTY ? 100 : 5000;
    if (!force && now - this.drawnAt < interval) return;
    this.drawnAt = now;
    const { rowsPerSecond } = this.paceAt(now, progress.rowsRead);
    const share = this.totalRows > 0 ? Math.min(1, progress.rowsRead / this.totalRows) : 1;
    const filled = Math.round(share * WIDTH);
    const line =
      `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${Math.floor(share * 100)}% ` +
      `${formatCount(progress.rowsRead)}/${formatCount(this.totalRows)} rows, ` +
      `${formatCount(rowsPerSecond)} rows/s, ${formatCount(progress.rowsRejected)} rejected`;
    if (this.out.isTTY) {
      this.out.write(`\r${line}\u001b[K`);
      this.drawn = true;
    } else {
      this.out.write(`${line}\n`);
    }
  }

  /**
   * Stops the clock, draws the final line and ends it so the summary starts on its own.
   * Returns the pace that line shows: the import's, for the summary to repeat.
   */
  finish(progress: ImportProgress): ImportPace {
    this.stopped ??= performance.now();
    this.update(progress, true);
    if (this.drawn) this.out.write('\n');
    return this.paceAt(this.stopped, progress.rowsRead);
  }
}
