/**
 * Incremental reading of a Coupa resource by `updated-at`. A pass asks for records updated
 * after (cursor − overlap) — the overlap catches records committed late with an earlier
 * timestamp — and the cursor moves only to what is done: to the newest record seen when all
 * went well, or to just before the oldest failure, so a failed record is read again.
 */
import type { SyncState } from './state.js';

/** What a pass has done so far towards the cursor's next value (epoch ms), kept by a checkpoint. */
export interface CursorProgress {
  newest?: number;
  oldestFailure?: number;
}

export class UpdatedAtCursor {
  private saved: string | undefined;
  private newest: number | undefined;
  private oldestFailure: number | undefined;

  constructor(
    private readonly state: SyncState,
    private readonly side: 'coupa' | 'freshbooks',
    private readonly resource: string,
    private readonly overlapMs: number,
  ) {}

  /** The `updated-at[gt]` bound for this pass; undefined reads everything. */
  async since(full: boolean): Promise<string | undefined> {
    this.saved = await this.state.cursor(this.side, this.resource);
    if (full || this.saved === undefined) return undefined;
    return new Date(Date.parse(this.saved) - this.overlapMs).toISOString();
  }

  done(updatedAt: string): void {
    const t = Date.parse(updatedAt);
    if (Number.isFinite(t)) this.newest = Math.max(this.newest ?? t, t);
  }

  failed(updatedAt: string): void {
    const t = Date.parse(updatedAt);
    if (Number.isFinite(t)) this.oldestFailure = Math.min(this.oldestFailure ?? t, t);
  }

  progress(): CursorProgress {
    return {
      ...(this.newest !== undefined ? { newest: this.newest } : {}),
      ...(this.oldestFailure !== undefined ? { oldestFailure: this.oldestFailure } : {}),
    };
  }

  /** Takes up an interrupted pass's progress (checkpoint.ts). */
  resume(progress: CursorProgress): void {
    this.newest = progress.newest;
    this.oldestFailure = progress.oldestFailure;
  }

  async commit(): Promise<void> {
    const saved = this.saved === undefined ? undefined : Date.parse(this.saved);
    let next = this.newest;
    if (this.oldestFailure !== undefined) next = Math.min(next ?? this.oldestFailure, this.oldestFailure - 1);
    if (next === undefined || (saved !== undefined && next <= saved)) return;
    await this.state.setCursor(this.side, this.resource, new Date(next).toISOString());
  }
}

/**
 * FreshBooks filters by `search[updated_min]` with day granularity, so its cursor is a date:
 * the UTC day a fully successful pass started on, less one day for time-zone slack.
 */
export class DayCursor {
  private value: string | undefined;
  private hadFailure = false;

  constructor(
    private readonly state: SyncState,
    private readonly resource: string,
    private readonly startedAt: number,
  ) {}

  async since(full: boolean): Promise<string | undefined> {
    this.value = await this.state.cursor('freshbooks', this.resource);
    return full ? undefined : this.value;
  }

  failed(): void {
    this.hadFailure = true;
  }

  async commit(): Promise<void> {
    if (this.hadFailure) return;
    const day = new Date(this.startedAt - 86_400_000).toISOString().slice(0, 10);
    if (this.value !== undefined && day <= this.value) return;
    await this.state.setCursor('freshbooks', this.resource, day);
  }
}
