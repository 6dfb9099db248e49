/**
 * AES-256-GCM sealing. The associated data binds each ciphertext to where it belongs
 * (tenant and purpose), so a sealed value copied to another row fails to open.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { TamperedCiphertextError } from './errors.js';

const VERSION = 'v1';

export function seal(key: Buffer, plaintext: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join('.');
}

export function open(key: Buffer, sealed: string, aad: string, what = 'value'): Buffer {
  const [version, iv, tag, body, ...rest] = sealed.split('.');
  if (version !== VERSION || iv === undefined || tag === undefined || body === undefined || rest.length > 0)
    throw new TamperedCiphertextError(what);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]);
  } catch {
    throw new TamperedCiphertextError(what);
  }
}

/** A short public name for a key: tells keys apart in messages without revealing them. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('ml-connector key id').update(key).digest('hex').slice(0, 12);
}
