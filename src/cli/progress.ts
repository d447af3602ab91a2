/**
 * A one-line progress indicator on stderr for work that may take a while.
 *
 * Quick work stays silent: the line appears only after `delayMs` (1 s), and
 * only on a terminal. Elsewhere (a pipe, a CI log) nothing is drawn; when the
 * work took longer than the delay, `stop()` prints one plain line such as
 * `solving… (3s)` so that logs still show where the time went.
 */
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const REDRAW_MS = 100;

export interface ProgressOptions {
  readonly stream?: NodeJS.WriteStream;
  /** Silence before the line appears (default 1000 ms). */
  readonly delayMs?: number;
  /** Print the closing `label (Ns)` line when not on a terminal (default true). */
  readonly closingLine?: boolean;
}

export class ProgressLine {
  private readonly stream: NodeJS.WriteStream;
  private readonly delayMs: number;
  private readonly closingLine: boolean;
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout;
  private frame = 0;
  private drawn = false;
  private stopped = false;
  private count: { done: number; total: number } | undefined;

  constructor(
    private label: string,
    options: ProgressOptions = {},
  ) {
    this.stream = options.stream ?? process.stderr;
    this.delayMs = options.delayMs ?? 1000;
    this.closingLine = options.closingLine ?? true;
    this.timer = setInterval(() => this.draw(), REDRAW_MS);
    this.timer.unref();
  }

  get elapsedMs(): number {
    return performance.now() - this.started;
  }

  /** Work done so far, shown as `done/total`. */
  update(done: number, total: number): void {
    this.count = { done, total };
  }

  relabel(label: string): void {
    this.label = label;
  }

  /** Clears the line; returns the elapsed milliseconds. */
  stop(): number {
    const elapsed = this.elapsedMs;
    if (this.stopped) return elapsed;
    this.stopped = true;
    clearInterval(this.timer);
    if (this.drawn) this.stream.write('\r\x1b[K');
    else if (!this.stream.isTTY && this.closingLine && elapsed >= this.delayMs) {
      this.stream.write(`${this.label} (${Math.round(elapsed / 1000)}s)\n`);
    }
    return elapsed;
  }

  private draw(): void {
    if (this.stopped || !this.stream.isTTY || this.elapsedMs < this.delayMs) return;
    const seconds = (this.elapsedMs / 1000).toFixed(1);
    const count = this.count ? ` ${bar(this.count.done, this.count.total)} ${this.count.done}/${this.count.total}` : '';
    const text = `${FRAMES[this.frame++ % FRAMES.length]} ${this.label}${count} ${seconds}s`;
    const width = this.stream.columns || 80;
    this.stream.write(`\r${text.slice(0, Math.max(10, width - 1))}\x1b[K`);
    this.drawn = true;
  }
}

const BAR_WIDTH = 20;

/** `[██████░░░░░░░░░░░░░░]` for work done so far. */
function bar(done: number, total: number): string {
  const filled = total > 0 ? Math.min(BAR_WIDTH, Math.round((BAR_WIDTH * done) / total)) : 0;
  return `[${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}]`;
}
