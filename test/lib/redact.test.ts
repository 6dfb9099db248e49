import { describe, expect, it } from 'vitest';
import { redact, redactText } from '../../src/lib/redact.js';

describe('redactText', () => {
  it.each([
    ['{"refresh_token":"rt-123","token_type":"Bearer"}', '{"refresh_token":"[redacted]","token_type":"Bearer"}'],
    ['{ "client_secret" : "cs-9", "access_token": "at-1" }', '{ "client_secret" : "[redacted]", "access_token": "[redacted]" }'],
    ['client_secret: cs-9 was refused', 'client_secret: "[redacted]" was refused'],
    ['client_secret="cs-9"', 'client_secret="[redacted]"'],
    ["{'password' => 'hunter2'}", `{'password' => "[redacted]"}`],
    [
      'grant_type=refresh_token&refresh_token=rt-1&client_secret=cs-2',
      'grant_type=refresh_token&refresh_token=[redacted]&client_secret=[redacted]',
    ],
  ])('masks %s', (input, output) => {
    expect(redactText(input)).toBe(output);
  });

  it('keeps what is not a secret: error codes, token types, ordinary words', () => {
    const text = '{"error":"invalid_grant","code":"invalid_grant","token_type":"Bearer","secretary":"Ann"}';
    expect(redactText(text)).toBe(text);
  });

  it('masks secrets inside nested error messages and audit details', () => {
    const detail = redact({ error: new Error('FreshBooks said {"refresh_token":"rt-9"}'), note: 'client_secret: abc' });
    expect(JSON.stringify(detail)).not.toMatch(/rt-9|abc/);
  });
});
