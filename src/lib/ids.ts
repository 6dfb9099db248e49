import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/** A time-ordered, URL-safe id such as `dlv_01j9x3…`: sorts by creation, unique without coordination. */
export function newId(prefix: string, now = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET.charAt(t % 32) + time;
    t = Math.floor(t / 32);
  }
  let rand = '';
  for (const byte of randomBytes(10)) rand += ALPHABET.charAt(byte % 32);
  return `${prefix}_${time}${rand}`;
}
