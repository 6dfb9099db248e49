import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../src/log.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'debug', destination }) };
}

describe('logger redaction', () => {
  it('never writes tokens, client secrets, verifiers or Authorization headers', () => {
    const { lines, logger } = capture();
    logger.info(
      {
        headers: { Authorization: 'Bearer eyJhbGciOi.secret.part', 'x-freshbooks-hmac-sha256': 'c2lnbmF0dXJl' },
        body: { refresh_token: 'rt-abcdef', client_secret: 'cs-123456', verifier: 'vf-778899', vendor_name: 'Acme' },
        nested: { deeper: { access_token: 'at-999' } },
        url: 'https://h/oauth/freshbooks/callback?code=auth-code-1&state=st-1',
        form: 'grant_type=refresh_token&refresh_token=rt-form&client_secret=cs-form',
      },
      'token exchange with Bearer in-message-token',
    );
    logger.error({ err: new Error('request failed: Authorization: Bearer leaked-in-error') }, 'failed');
    const out = lines.join('');
    for (const secret of [
      'eyJhbGciOi',
      'c2lnbmF0dXJl',
      'rt-abcdef',
      'cs-123456',
      'vf-778899',
      'at-999',
      'auth-code-1',
      'st-1',
      'rt-form',
      'cs-form',
      'in-message-token',
      'leaked-in-error',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('Acme');
    expect(out).toContain('[redacted]');
  });
});
