import type { ImportProgress } from '../../domain/inventory/inventory-service';

const WIDTH = 30;

const number = new Intl.NumberFormat('en');

/**
 * One status line, redrawn in place on a terminal (at most every 100 ms), or written as a plain
 * line every few seconds when the output is a file or a pipe (CI logs).
 */
export class ProgressLine {
  private readonly started = performance.now();
  private drawnAt = 0;
  private drawn = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly totalRows: number,
  ) {}

  update(progress: ImportProgress, force = false): void {
    const now = performance.now();
    const interval = this.out.isTTY ? 100 : 5000;
    if (!force && now - this.drawnAt < interval) return;
    this.drawnAt = now;
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(progress.rowsRead / seconds) : 0;
    const share = this.totalRows > 0 ? Math.min(1, progress.rowsRead / this.totalRows) : 1;
    const filled = Math.round(share * WIDTH);
    const line =
      `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${Math.floor(share * 100)}% ` +
      `${number.format(progress.rowsRead)}/${number.format(this.totalRows)} rows, ` +
      `${number.format(rate)} rows/s, ${number.format(progress.rowsRejected)} rejected`;
    if (this.out.isTTY) {
      this.out.write(`\r${line}\u001b[K`);
      this.drawn = true;
    } else {
      this.out.write(`${line}\n`);
    }
  }

  /** Ends the redrawn line so the summary starts on its own. */
  done(): void {
    if (this.drawn) this.out.write('\n');
  }
}
