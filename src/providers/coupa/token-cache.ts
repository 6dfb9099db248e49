/**
 * Where the Coupa client keeps its access token between calls and processes, so each
 * process does not ask Coupa for a new 24 h token on every start.
 */
export interface CoupaToken {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  scope: string;
}

export interface CoupaTokenCache {
  get(): Promise<CoupaToken | undefined>;
  set(token: CoupaToken): Promise<void>;
}

export function memoryTokenCache(): CoupaTokenCache {
  let token: CoupaToken | undefined;
  return {
    get: async () => token,
    set: async (t) => {
      token = t;
    },
  };
}
