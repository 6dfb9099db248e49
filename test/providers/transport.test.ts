/**
 * The shared transport on its own, over a scripted fetch and a fake clock: which failures are
 * tried again in each mode, the one renewal on a 401, credentials failures never retried by the
 * request they serve, pacing before every try, and what the tries end in.
 */
import { describe, expect, it } from 'vitest';
import { ProviderApiError } from '../../src/providers/errors.js';
import { NetworkError, TimeoutError, type HttpCall } from '../../src/providers/http.js';
import { parseRetryAfter } from '../../src/providers/retry.js';
import { retryDecision, Transport, type Answer, type Authenticator, type LongWait, type RetryMode } from '../../src/providers/transport.js';
import { FakeClock } from '../helpers/fake-clock.js';

type Step = { status: number; headers?: Record<string, string> } | 'refused' | 'reset';

/** A fetch answering each call with the next step of the script (the last one repeats). */
function scripted(steps: Step[]): { fetch: typeof fetch; seen: Array<Record<string, string>> } {
  const seen: Array<Record<string, string>> = [];
  let i = 0;
  const fake = (_input: string | URL | Request, init?: RequestInit) => {
    seen.push(Object.fromEntries(new Headers(init?.headers).entries()));
    const step = steps[Math.min(i++, steps.length - 1)];
    if (step === 'refused' || step === 'reset') {
      const code = step === 'refused' ? 'ECONNREFUSED' : 'ECONNRESET';
      return Promise.reject(Object.assign(new TypeError('fetch failed'), { cause: { code } }));
    }
    return Promise.resolve(new Response(step?.status === 204 ? null : '{}', { status: step?.status ?? 200, headers: step?.headers }));
  };
  return { fetch: fake, seen };
}

function transport(steps: Step[], options: { longWait?: LongWait; maxAttempts?: number; exhausted?: boolean } = {}) {
  const clock = new FakeClock();
  const calls: HttpCall[] = [];
  const { fetch, seen } = scripted(steps);
  let paced = 0;
  const t = new Transport({
    provider: 'coupa',
    baseUrl: 'https://api.example.test',
    timeoutMs: 1_000,
    retry: { maxAttempts: options.maxAttempts ?? 4, baseDelayMs: 100, maxDelayMs: 30_000 },
    longWait: options.longWait ?? 'wait-cap',
    pace: () => {
      paced += 1;
      return Promise.resolve();
    },
    ...(options.exhausted ? { exhausted: (last: unknown, tries: number) => new Error(`gave up after ${tries}: ${String(last)}`) } : {}),
    fetch,
    clock,
    random: () => 0.5,
    recorder: (c) => calls.push(c),
  });
  return { t, clock, calls, seen, paced: () => paced };
}

/** Any non-2xx becomes a ProviderApiError carrying the Retry-After. */
function settle({ res, label, now }: Answer): number {
  if (res.status >= 200 && res.status < 300) return res.status;
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now);
  throw new ProviderApiError('coupa', { ...label, status: res.status, retryAfterMs }, 'test', `HTTP ${res.status}`, 'hint');
}

const get = (retry: RetryMode) => ({ method: 'GET', path: '/things?a=1', retry, settle });

describe('retryDecision', () => {
  const answer = (status: number, retryAfterMs?: number) =>
    new ProviderApiError('freshbooks', { status, method: 'GET', path: '/', retryAfterMs }, 'x', 'm', 'h');
  const refused = new NetworkError('coupa', 'https://x.test', 'connection refused');
  const reset = new NetworkError('coupa', 'https://x.test', 'connection reset');
  const timeout = new TimeoutError('coupa', 'https://x.test', 1000);

  it.each<[string, unknown, boolean, boolean, boolean]>([
    // what, failure, retried with 'all', with 'unsent', with 'none'
    ['429', answer(429, 2000), true, true, false],
    ['503', answer(503), true, false, false],
    ['a timeout', timeout, true, false, false],
    ['a reset', reset, true, false, false],
    ['a refused connection', refused, true, true, false],
    ['400', answer(400), false, false, false],
    ['401', answer(401), false, false, false],
    ['404', answer(404), false, false, false],
    ['an error that is not the wire’s', new Error('bug'), false, false, false],
  ])('%s', (_, failure, all, unsent, none) => {
    expect(retryDecision(failure, 'all').retry).toBe(all);
    expect(retryDecision(failure, 'unsent').retry).toBe(unsent);
    expect(retryDecision(failure, 'none').retry).toBe(none);
  });

  it('passes on the wait the server asked for; a wait beyond the cap gives up only when the provider says so', () => {
    expect(retryDecision(answer(429, 2000), 'all')).toEqual({ retry: true, retryAfterMs: 2000 });
    expect(retryDecision(answer(503, 5000), 'all')).toEqual({ retry: true, retryAfterMs: 5000 });
    expect(retryDecision(answer(429, 60_000), 'all', 'wait-cap', 30_000)).toEqual({ retry: true, retryAfterMs: 60_000 });
    expect(retryDecision(answer(429, 60_000), 'all', 'give-up', 30_000)).toEqual({ retry: false });
    expect(retryDecision(answer(429, 30_000), 'all', 'give-up', 30_000)).toEqual({ retry: true, retryAfterMs: 30_000 });
  });
});

describe('Transport', () => {
  it('retries a 503 with jittered backoff, paces every try, records each with its attempt', async () => {
    const { t, clock, calls, paced } = transport([{ status: 503 }, { status: 503 }, { status: 200 }]);
    expect(await t.request(get('all'))).toBe(200);
    expect(clock.sleeps).toEqual([50, 100]);
    expect(paced()).toBe(3);
    expect(calls.map((c) => [c.path, c.status, c.attempt])).toEqual([
      ['/things?a=1', 503, 1],
      ['/things?a=1', 503, 2],
      ['/things?a=1', 200, 3],
    ]);
  });

  it("'unsent' tries a 429 and a refused connection again, but not a 503 or a reset", async () => {
    const again = transport([{ status: 429, headers: { 'retry-after': '3' } }, 'refused', { status: 200 }]);
    expect(await again.t.request(get('unsent'))).toBe(200);
    expect(again.clock.sleeps).toEqual([3000, 100]);
    for (const step of [{ status: 503 }, 'reset'] as Step[]) {
      const once = transport([step, { status: 200 }]);
      await expect(once.t.request(get('unsent'))).rejects.toThrow();
      expect(once.calls).toHaveLength(1);
    }
  });

  it("'none' is one try whatever happens", async () => {
    const { t, calls } = transport(['refused', { status: 200 }]);
    await expect(t.request(get('none'))).rejects.toBeInstanceOf(NetworkError);
    expect(calls).toHaveLength(1);
  });

  it('a long Retry-After: waits the cap (wait-cap) or gives up at once (give-up)', async () => {
    const long = { status: 429, headers: { 'retry-after': '120' } };
    const capped = transport([long, long, { status: 200 }]);
    expect(await capped.t.request(get('all'))).toBe(200);
    expect(capped.clock.sleeps).toEqual([30_000, 30_000]);
    const giving = transport([long, { status: 200 }], { longWait: 'give-up' });
    await expect(giving.t.request(get('all'))).rejects.toMatchObject({ status: 429, retryAfterMs: 120_000 });
    expect(giving.calls).toHaveLength(1);
    expect(giving.clock.sleeps).toEqual([]);
  });

  it('bounded: the last failure is thrown, or what the provider makes of it once tries ran out', async () => {
    const plain = transport([{ status: 500 }], { maxAttempts: 3 });
    await expect(plain.t.request(get('all'))).rejects.toMatchObject({ status: 500 });
    expect(plain.calls).toHaveLength(3);
    const wrapped = transport([{ status: 500 }], { maxAttempts: 3, exhausted: true });
    await expect(wrapped.t.request(get('all'))).rejects.toThrow(/^gave up after 3: /);
    // A failure that is not retried is never dressed up as "gave up".
    const refusedOnce = transport([{ status: 400 }], { exhausted: true });
    await expect(refusedOnce.t.request(get('all'))).rejects.toMatchObject({ status: 400 });
  });

  describe('authenticated', () => {
    function auth(options: { fail?: Error } = {}) {
      const log: string[] = [];
      let n = 1;
      const a: Authenticator<string> = {
        current: () => {
          log.push('current');
          return options.fail !== undefined ? Promise.reject(options.fail) : Promise.resolve(`t${n}`);
        },
        renew: (rejected) => {
          log.push(`renew ${rejected}`);
          n += 1;
          return Promise.resolve(`t${n}`);
        },
        headers: (token) => ({ authorization: `Bearer ${token}` }),
      };
      return { a, log };
    }

    it('a 401 renews once and sends again at once (no wait); the answer after it is final', async () => {
      const { t, clock, seen } = transport([{ status: 401 }, { status: 200 }]);
      const { a, log } = auth();
      expect(await t.authenticated({ ...get('all'), auth: a, settle: (answer, token) => `${settle(answer)} ${token}` })).toBe('200 t2');
      expect(log).toEqual(['current', 'renew t1']);
      expect(seen.map((h) => h.authorization)).toEqual(['Bearer t1', 'Bearer t2']);
      expect(clock.sleeps).toEqual([]);

      const twice = transport([{ status: 401 }]);
      const second = auth();
      await expect(twice.t.authenticated({ ...get('all'), auth: second.a, settle })).rejects.toMatchObject({ status: 401 });
      expect(second.log).toEqual(['current', 'renew t1']);
      expect(twice.calls).toHaveLength(2);
    });

    it('one renewal per request, even across retries', async () => {
      const { t, calls } = transport([{ status: 401 }, { status: 503 }, { status: 401 }, { status: 200 }]);
      const { a, log } = auth();
      await expect(t.authenticated({ ...get('all'), auth: a, settle })).rejects.toMatchObject({ status: 401 });
      expect(log.filter((l) => l.startsWith('renew'))).toHaveLength(1);
      expect(calls.map((c) => [c.status, c.attempt])).toEqual([
        [401, 1],
        [503, 2],
        [401, 3],
      ]);
    });

    it('a failure of the credentials is thrown as it is and never retried by the request (a refresh token may be spent)', async () => {
      const failure = new NetworkError('freshbooks', 'https://x.test/auth/oauth/token', 'connection reset');
      const { t, clock, calls } = transport([{ status: 200 }]);
      const { a, log } = auth({ fail: failure });
      await expect(t.authenticated({ ...get('all'), auth: a, settle })).rejects.toBe(failure);
      expect(log).toEqual(['current']);
      expect(calls).toHaveLength(0);
      expect(clock.sleeps).toEqual([]);
    });
  });
});
