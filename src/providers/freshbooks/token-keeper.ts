/**
 * The FreshBooks client's credentials for the transport: the saved access token, refreshed
 * ahead of its expiry and once on a 401 through the token store's cross-process lock (a
 * refresh already done by another process is reused, never repeated). Shared by a client and
 * the views made with `forAccount` / `withRetryPolicy`.
 */
import type { Clock } from '../../lib/clock.js';
import type { Authenticator } from '../transport.js';
import { refreshAccessToken, type OAuthApp, type TokenHttpOptions } from './auth.js';
import { FreshBooksReauthRequiredError } from './errors.js';
import { isExpiring, type FreshBooksTokens, type FreshBooksTokenStore } from './tokens.js';

interface TokenKeeperOptions {
  app: OAuthApp;
  tokens: FreshBooksTokenStore;
  /** How the token endpoint is reached (the API's own base URL and the client's wire). */
  http: TokenHttpOptions;
  /** Whose connection this is, for the messages. */
  tenantId?: string | undefined;
  /** The connection is already known to need re-authorisation: every call fails at once. */
  needsReauth?: string | undefined;
}

export class TokenKeeper implements Authenticator<FreshBooksTokens> {
  /** The refresh in flight in this process, keyed by the access token it replaces. */
  private inflight: { stale: string; promise: Promise<FreshBooksTokens> } | undefined;
  /** Set once FreshBooks refused the refresh token: nothing more is tried. */
  blocked: FreshBooksReauthRequiredError | undefined;

  constructor(
    private readonly options: TokenKeeperOptions,
    private readonly clock: Clock,
  ) {
    if (options.needsReauth !== undefined) {
      const whose = options.tenantId !== undefined ? ` of tenant '${options.tenantId}'` : '';
      this.blocked = new FreshBooksReauthRequiredError({
        message: `The FreshBooks connection${whose} needs re-authorisation (${options.needsReauth.replace(/\.$/, '')}).`,
      });
    }
  }

  /** The saved tokens, refreshed first when they expire within the margin. */
  async current(): Promise<FreshBooksTokens> {
    if (this.blocked) throw this.blocked;
    const saved = await this.options.tokens.read();
    if (!isExpiring(saved, this.clock.now())) return saved;
    return this.refresh(saved.accessToken);
  }

  renew(rejected: FreshBooksTokens): Promise<FreshBooksTokens> {
    return this.refresh(rejected.accessToken);
  }

  headers(tokens: FreshBooksTokens): Record<string, string> {
    return { authorization: `Bearer ${tokens.accessToken}` };
  }

  /**
   * Replaces `stale` (expired or refused). Under the store's lock the saved pair is re-read:
   * if another process already replaced `stale`, its result is used and nothing is spent.
   */
  private refresh(stale: string): Promise<FreshBooksTokens> {
    if (this.blocked) return Promise.reject(this.blocked);
    if (this.inflight?.stale === stale) return this.inflight.promise;
    const { options, clock } = this;
    const promise = options.tokens
      .refreshExclusive(
        (saved) => saved.accessToken === stale || isExpiring(saved, clock.now()),
        (saved) => refreshAccessToken(options.app, saved.refreshToken, options.http),
      )
      .catch(async (err: unknown) => {
        if (err instanceof FreshBooksReauthRequiredError) {
          this.blocked = err;
          // The refusal is what the caller must see, even if recording it fails.
          await options.tokens.markNeedsReauth(err.message).catch(() => undefined);
        }
        throw err;
      })
      .finally(() => {
        if (this.inflight?.promise === promise) this.inflight = undefined;
      });
    this.inflight = { stale, promise };
    return promise;
  }
}
