/**
 * Progress of a long command on stderr: a live bar per flow on a terminal, a plain line now
 * and then otherwise (CI logs, pipes). Coupa gives no totals, so the bar shows movement and
 * a running count rather than a percentage it cannot know.
 */
const WIDTH = 20;
const PLAIN_EVERY = 500;

export class FlowProgress {
  private current: string | undefined;
  private count = 0;
  private frame = 0;
  private lastDraw = 0;

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly enabled = true,
  ) {}

  private get tty(): boolean {
    return this.out.isTTY === true;
  }

  update(flow: string, processed: number): void {
    if (!this.enabled) return;
    if (flow !== this.current) {
      this.finish();
      this.current = flow;
      if (!this.tty) this.out.write(`${flow}: started\n`);
    }
    this.count = processed;
    if (this.tty) {
      const now = Date.now();
      if (now - this.lastDraw < 50) return;
      this.lastDraw = now;
      this.frame = (this.frame + 1) % (WIDTH * 2 - 2);
      const pos = this.frame < WIDTH ? this.frame : WIDTH * 2 - 2 - this.frame;
      const bar = ' '.repeat(pos) + '█' + ' '.repeat(WIDTH - pos - 1);
      this.out.write(`\r${flow.padEnd(24)} [${bar}] ${processed} records`);
    } else if (processed % PLAIN_EVERY === 0) {
      this.out.write(`${flow}: ${processed} records\n`);
    }
  }

  /** Closes the current flow's line with its final count. */
  finish(): void {
    if (!this.enabled || !this.current) return;
    if (this.tty) this.out.write(`\r${this.current.padEnd(24)} [${'█'.repeat(WIDTH)}] ${this.count} records\n`);
    else this.out.write(`${this.current}: done, ${this.count} records\n`);
    this.current = undefined;
    this.count = 0;
  }
}
