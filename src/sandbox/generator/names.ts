/**
 * Supplier names as supplier masters really hold them: accents, ampersands, apostrophes,
 * commas before legal suffixes, and near-duplicates of each other ("Acme Inc." / "ACME Inc" /
 * "Acme, Inc") that a matcher must neither merge blindly nor miss.
 */
import { itemAt } from '../guards.js';
import type { Random } from '../../lib/random.js';
import { FAMILY_NAMES, NAME_PARTS, type Industry } from './pools.js';

/** Coupa keeps supplier names unique, ignoring case (MySQL collation). */
export class NameBook {
  private readonly used = new Set<string>();

  has(name: string): boolean {
    return this.used.has(name.toLowerCase());
  }

  add(name: string): string {
    this.used.add(name.toLowerCase());
    return name;
  }
}

function withSuffix(stem: string, suffix: string): string {
  return suffix.startsWith(',') ? `${stem}${suffix}` : `${stem} ${suffix}`;
}

export function supplierName(rng: Random, country: string, industry: Industry, book: NameBook): string {
  const parts = NAME_PARTS[country] ?? NAME_PARTS.US;
  for (let attempt = 0; attempt < 8; attempt++) {
    const stem =
      attempt < 3 || rng.chance(0.5)
        ? `${rng.pick(parts.words)} ${rng.pick(industry.nameWords)}`
        : `${rng.pick(FAMILY_NAMES)} & ${rng.pick(FAMILY_NAMES)} ${rng.pick(industry.nameWords)}`;
    const name = withSuffix(stem, rng.pick(parts.suffixes));
    if (!book.has(name)) return book.add(name);
  }
  // A big tenant can exhaust the combinations: number the branch, as real masters do.
  for (let n = 2; ; n++) {
    const name = withSuffix(`${rng.pick(parts.words)} ${rng.pick(industry.nameWords)} ${n}`, rng.pick(parts.suffixes));
    if (!book.has(name)) return book.add(name);
  }
}

const LEGAL = /\s(Inc\.?|LLC|Ltd\.?|Co\.|Corp\.|GmbH|S\.A\.|SARL|K\.K\.|PLC|LLP)$/;

/** Ways people retype a supplier's name. Each returns the same name when it does not apply. */
const VARIANTS: ReadonlyArray<(name: string) => string> = [
  // "Acme Inc." → "ACME Inc"
  (n) => {
    const [first = '', ...rest] = n.split(' ');
    return [first.toUpperCase(), ...rest].join(' ').replace(/\.$/, '');
  },
  // "Acme Inc." → "Acme, Inc" ; "Acme, Inc." → "Acme Inc."
  (n) => (n.includes(', ') ? n.replace(', ', ' ') : n.replace(LEGAL, (m) => `,${m.replace(/\.$/, '')}`)),
  // "Société Générale" → "Societe Generale"
  (n) =>
    n
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .normalize('NFC'),
  // "&" ↔ "and"
  (n) => (n.includes(' & ') ? n.replace(' & ', ' and ') : n.replace(' and ', ' & ')),
  // A doubled space: equal once whitespace is collapsed.
  (n) => n.replace(' ', '  '),
  // Punctuation dropped: "O'Brien & Sons, LLC" → "OBrien & Sons LLC"
  (n) => n.replace(/[.,']/g, ''),
];

/** A near-duplicate of `base` not yet in the book, or undefined when none can be made. */
export function nearDuplicate(rng: Random, base: string, book: NameBook): string | undefined {
  const start = rng.int(0, VARIANTS.length - 1);
  for (let i = 0; i < VARIANTS.length; i++) {
    const candidate = itemAt(VARIANTS, (start + i) % VARIANTS.length, 'name variant')(base);
    if (candidate !== base && candidate.trim() !== '' && !book.has(candidate)) return book.add(candidate);
  }
  return undefined;
}

export function slug(name: string): string {
  return (
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/&/g, 'and')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'supplier'
  );
}
