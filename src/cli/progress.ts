/**
 * Progress of a long command on stderr: a live bar per flow on a terminal, a plain line every
 * 500 records otherwise (CI logs, pipes). Coupa gives no totals; when the engine can estimate
 * how far a flow is (sync/estimate.ts: ids read against the highest id), the bar fills with a
 * percentage and an ETA; without an estimate it bounces and shows a running count.
 */
const WIDTH = 20;
const PLAIN_EVERY = 500;

/** Time left, from how far the flow moved since it was first seen in this run and how long that took. */
export function etaMs(elapsedMs: number, startFraction: number, fraction: number): number | undefined {
  const moved = fraction - startFraction;
  if (!(moved > 0) || elapsedMs <= 0) return undefined;
  return Math.max(0, (elapsedMs * (1 - fraction)) / moved);
}

/** 45s, 1m20s, 2h05m. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

export function filledBar(fraction: number, width = WIDTH): string {
  const full = Math.min(width, Math.max(0, Math.floor(fraction * width)));
  return '█'.repeat(full) + '·'.repeat(width - full);
}

const count = (n: number) => n.toLocaleString('en-US');

/** "62% 1,240 records, ETA 1m20s" (the ETA only once it can be told). */
export function describeProgress(processed: number, fraction: number, eta: number | undefined): string {
  const percent = `${Math.floor(fraction * 100)}%`;
  return `${percent} ${count(processed)} records${eta === undefined ? '' : `, ETA ${formatDuration(eta)}`}`;
}

export class FlowProgress {
  private current: string | undefined;
  private count = 0;
  private frame = 0;
  private lastDraw = 0;
  private startedAt = 0;
  private startFraction: number | undefined;

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean },
    private readonly enabled = true,
    private readonly now: () => number = Date.now,
  ) {}

  private get tty(): boolean {
    return this.out.isTTY === true;
  }

  /** `fraction`: how far the flow is (0…1), when it can be estimated. */
  update(flow: string, processed: number, fraction?: number): void {
    if (!this.enabled) return;
    const now = this.now();
    if (flow !== this.current) {
      this.finish();
      this.current = flow;
      this.startedAt = now;
      this.startFraction = undefined;
      if (!this.tty) this.out.write(`${flow}: started\n`);
    }
    this.count = processed;
    if (fraction !== undefined) this.startFraction ??= fraction;
    const eta =
      fraction === undefined || this.startFraction === undefined ? undefined : etaMs(now - this.startedAt, this.startFraction, fraction);
    if (this.tty) {
      if (now - this.lastDraw < 50) return;
      this.lastDraw = now;
      if (fraction !== undefined) {
        this.out.write(`\r${flow.padEnd(24)} [${filledBar(fraction)}] ${describeProgress(processed, fraction, eta)}\x1b[K`);
        return;
      }
      this.frame = (this.frame + 1) % (WIDTH * 2 - 2);
      const pos = this.frame < WIDTH ? this.frame : WIDTH * 2 - 2 - this.frame;
      const bar = ' '.repeat(pos) + '█' + ' '.repeat(WIDTH - pos - 1);
      this.out.write(`\r${flow.padEnd(24)} [${bar}] ${processed} records`);
    } else if (processed % PLAIN_EVERY === 0) {
      this.out.write(
        fraction === undefined ? `${flow}: ${processed} records\n` : `${flow}: ${describeProgress(processed, fraction, eta)}\n`,
      );
    }
  }

  /** Closes the current flow's line with its final count. */
  finish(): void {
    if (!this.enabled || !this.current) return;
    // Blanked first: a line with an ETA is longer than the final one.
    if (this.tty) this.out.write(`\r\x1b[K\r${this.current.padEnd(24)} [${'█'.repeat(WIDTH)}] ${this.count} records\n`);
    else this.out.write(`${this.current}: done, ${this.count} records\n`);
    this.current = undefined;
    this.count = 0;
  }
}
