// core/ is pure: it may import itself, src/lib/decimal.ts and I/O-free Node built-ins only.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, '../../src/core');
const ALLOWED = [/^\.\/[a-z-]+\.js$/, /^\.\.\/lib\/decimal\.js$/, /^node:crypto$/];

describe('src/core purity', () => {
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    it(`${file} imports only core, lib/decimal and node:crypto`, () => {
      const source = readFileSync(join(dir, file), 'utf8');
      const specifiers = [...source.matchAll(/\bfrom\s+'([^']+)'|\bimport\s*\(\s*'([^']+)'/g)].map((m) => m[1] ?? m[2]);
      for (const s of specifiers)
        expect(
          ALLOWED.some((re) => re.test(s!)),
          `${file} imports ${s}`,
        ).toBe(true);
      expect(source).not.toMatch(/\bparseFloat\(|\bNumber\(\s*[a-z]+\.(amount|total|unitPrice|unitCost)/);
    });
  }
});
