/**
 * Where an interrupted pass of a Coupa flow stopped, so the next one continues instead of
 * reading everything again (a first sync of 10,000 records stopped by Ctrl-C or a crash).
 * Saved after each page under `<resource>:resume` beside the flow's cursor: the `since` the pass
 * used, the last id it finished, the cursor's pending move and its oldest failure. The next pass
 * asks the same `since` from `id[gt]=lastId`; a finished pass commits its cursor and clears it.
 */
import { AppError } from '../lib/errors.js';
import type { CursorProgress, UpdatedAtCursor } from './cursor.js';
import type { SyncState } from './state.js';

export interface Checkpoint extends CursorProgress {
  /** The `updated-at[gt]` bound of the pass; null: it read everything. */
  since: string | null;
  /** The last record finished, in id order. */
  lastId: string;
  /** The first id the pass read (for its progress estimate). */
  firstId: string;
  /** Records finished before the checkpoint. */
  processed: number;
}

export class SyncInterruptedError extends AppError {
  constructor(readonly processed: number) {
    super(
      'interrupted',
      `interrupted after ${processed} records; run the same command again to continue where it stopped.`,
      'What was written stays written; the next sync continues from the last record finished.',
    );
  }
}

const key = (resource: string) => `${resource}:resume`;

export async function readCheckpoint(state: SyncState, resource: string): Promise<Checkpoint | undefined> {
  const raw = await state.cursor('coupa', key(resource));
  if (raw === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(raw);
    if (typeof value !== 'object' || value === null) return undefined;
    const parsed: Partial<Record<keyof Checkpoint, unknown>> = value;
    if (typeof parsed.lastId !== 'string' || !/^\d+$/.test(parsed.lastId)) return undefined;
    return {
      since: typeof parsed.since === 'string' ? parsed.since : null,
      lastId: parsed.lastId,
      firstId: typeof parsed.firstId === 'string' ? parsed.firstId : parsed.lastId,
      processed: typeof parsed.processed === 'number' ? parsed.processed : 0,
      ...(typeof parsed.newest === 'number' ? { newest: parsed.newest } : {}),
      ...(typeof parsed.oldestFailure === 'number' ? { oldestFailure: parsed.oldestFailure } : {}),
    };
  } catch {
    // Unreadable (written by something else): the pass starts over, which is only slower.
    return undefined;
  }
}

export async function saveCheckpoint(
  state: SyncState,
  resource: string,
  cursor: UpdatedAtCursor,
  at: Omit<Checkpoint, keyof CursorProgress>,
): Promise<void> {
  await state.setCursor('coupa', key(resource), JSON.stringify({ ...at, ...cursor.progress() }));
}

export async function clearCheckpoint(state: SyncState, resource: string): Promise<void> {
  await state.clearCursor('coupa', key(resource));
}
