/**
 * What the FreshBooks client needs from whoever keeps its tokens. The client knows nothing
 * of the store; the implementation (src/app) holds a lock across processes so a
 * single-use refresh token is spent exactly once, and saves the new pair before use.
 */
export interface FreshBooksTokens {
  accessToken: string;
  refreshToken: string;
  /** Unix seconds, as FreshBooks sends it; expiry is createdAt + expiresIn. */
  createdAt: number;
  expiresIn: number;
  scope: string;
}

export interface FreshBooksTokenStore {
  /** The tokens as last saved (possibly about to expire). */
  read(): Promise<FreshBooksTokens>;
  /**
   * Under the cross-process lock: re-reads the saved tokens; if `stillNeeded(saved)` is true,
   * calls `refresh(saved)`, saves its result, and returns it; otherwise returns `saved` (another
   * process refreshed meanwhile). The lock is released only after the new pair is saved.
   */
  refreshExclusive(
    stillNeeded: (saved: FreshBooksTokens) => boolean,
    refresh: (saved: FreshBooksTokens) => Promise<FreshBooksTokens>,
  ): Promise<FreshBooksTokens>;
  /** The refresh token was refused (invalid_grant): a person must authorise again. */
  markNeedsReauth(reason: string): Promise<void>;
}

/** Seconds of margin: refresh this long before the access token's expiry. */
const REFRESH_MARGIN_SECONDS = 300;

export function expiresAt(tokens: FreshBooksTokens): number {
  return tokens.createdAt + tokens.expiresIn;
}

export function isExpiring(tokens: FreshBooksTokens, nowMs: number, marginSeconds = REFRESH_MARGIN_SECONDS): boolean {
  return expiresAt(tokens) - marginSeconds <= Math.floor(nowMs / 1000);
}

/**
 * A token store held in memory, for one process (while connecting, in tests). `onSave` is told
 * about every new pair, so a caller can persist it.
 */
export function memoryTokenStore(
  initial: FreshBooksTokens,
  hooks: { onSave?: (tokens: FreshBooksTokens) => void | Promise<void>; onNeedsReauth?: (reason: string) => void | Promise<void> } = {},
): FreshBooksTokenStore & { current(): FreshBooksTokens; needsReauth: string | undefined } {
  let tokens = initial;
  let queue: Promise<unknown> = Promise.resolve();
  const store = {
    needsReauth: undefined as string | undefined,
    current: () => tokens,
    read: () => Promise.resolve(tokens),
    refreshExclusive(stillNeeded: (saved: FreshBooksTokens) => boolean, refresh: (saved: FreshBooksTokens) => Promise<FreshBooksTokens>) {
      const run = queue.then(async () => {
        if (!stillNeeded(tokens)) return tokens;
        const next = await refresh(tokens);
        tokens = next;
        await hooks.onSave?.(next);
        return next;
      });
      queue = run.catch(() => undefined);
      return run;
    },
    async markNeedsReauth(reason: string) {
      store.needsReauth = reason;
      await hooks.onNeedsReauth?.(reason);
    },
  };
  return store;
}
