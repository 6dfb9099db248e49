/**
 * How far a Coupa flow is, estimated: Coupa gives no totals, but records come in id order and
 * one `order_by=id&dir=desc&limit=1` read gives the highest id the query matches, so with the
 * first id read and the current one, done ≈ (current − first) / (last − first). Ids are not
 * dense, so it is an estimate; it never goes backwards past 0 or beyond 1.
 */
export interface ProgressEstimate {
  /** 0…1 */
  fraction: number;
}

export class PassEstimate {
  constructor(
    private readonly lastId: string | undefined,
    /** The first id of the pass, when an interrupted pass is continued. */
    public firstId: string | undefined,
  ) {}

  at(currentId: string): ProgressEstimate | undefined {
    this.firstId ??= currentId;
    return estimateAt(this.firstId, currentId, this.lastId);
  }
}

function estimateAt(firstId: string, currentId: string, lastId: string | undefined): ProgressEstimate | undefined {
  if (lastId === undefined) return undefined;
  const [first, current, last] = [Number(firstId), Number(currentId), Number(lastId)];
  if (![first, current, last].every(Number.isFinite)) return undefined;
  if (current >= last) return { fraction: 1 };
  if (last <= first) return undefined;
  return { fraction: Math.min(1, Math.max(0, (current - first) / (last - first))) };
}
