/**
 * Where the Coupa client keeps its access token between calls and processes, so each
 * process does not ask Coupa for a new 24 h token on every start.
 */
export interface CoupaToken {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** The scopes granted, space-separated (as Coupa echoes them, else as requested). */
  scope: string;
  /** Epoch milliseconds when it was obtained; lets a short-lived token be renewed early in proportion. */
  issuedAt?: number;
}

export interface CoupaTokenCache {
  get(): Promise<CoupaToken | undefined>;
  set(token: CoupaToken): Promise<void>;
}

export function memoryTokenCache(): CoupaTokenCache {
  let token: CoupaToken | undefined;
  return {
    get: () => Promise.resolve(token),
    set: (t) => {
      token = t;
      return Promise.resolve();
    },
  };
}
