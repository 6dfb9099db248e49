// Company names for property tests: a few shared stems, so that generated names are often
// near each other (the interesting case), with the variations real vendor masters have.
import fc from 'fast-check';

const STEMS = [
  'Acme',
  'Apex',
  'Global',
  'Northwind',
  'Müller',
  'Mueller',
  'Summit',
  'Harbor',
  'Alpha',
  'Beta',
  'Fed',
  'Ex',
  'FedEx',
  'Ромашка',
  '東京電力',
  'トヨタ',
  'Łódź',
  'Øresund',
];
const WORDS = [
  'Industrial',
  'Industries',
  'Logistics',
  'Logic',
  'Consulting',
  'Consultants',
  'Traders',
  'Systems',
  'Intl',
  'International',
  'Store',
];
const JOINERS = [' ', ' & ', ' and ', ' + ', ', ', '-', ' y '];
const FORMS = ['', ' Inc.', ', LLC', ' GmbH', ' GmbH & Co. KG', ' S.A. de C.V.', ' Sp. z o.o.', ' K.K.', ' Pty Ltd', ' (株)', ' Co.'];
const NUMBERS = ['', '', '', ' 12', ' 21', ' #12', ' 2'];

/** A one-character typo: a swap, a deletion, a doubled letter, a space added or one removed ("Fed Ex" / "FedEx"). */
function typo(name: string, at: number, kind: number): string {
  const chars = Array.from(name);
  if (chars.length < 3) return name;
  const i = 1 + (at % (chars.length - 2));
  if (kind === 0) [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
  else if (kind === 1) chars.splice(i, 1);
  else if (kind === 2) chars.splice(i, 0, chars[i]!);
  else if (kind === 3) chars.splice(i, 0, ' ');
  else return name.replace(' ', '');
  return chars.join('');
}

export const businessName: fc.Arbitrary<string> = fc
  .record({
    the: fc.boolean(),
    words: fc.array(fc.constantFrom(...STEMS, ...WORDS), { minLength: 1, maxLength: 3 }),
    joiner: fc.constantFrom(...JOINERS),
    number: fc.constantFrom(...NUMBERS),
    form: fc.constantFrom(...FORMS),
    typo: fc.option(fc.tuple(fc.nat(40), fc.nat(4)), { freq: 3 }),
  })
  .map(({ the, words, joiner, number, form, typo: t }) => {
    const name = `${the ? 'The ' : ''}${words.join(joiner)}${number}${form}`;
    return t ? typo(name, t[0], t[1]) : name;
  });

/** Up to three typos of one name: a pool of names near each other, in every view of the score. */
export const variantsOf = (name: string): fc.Arbitrary<string[]> =>
  fc.array(
    fc.array(fc.tuple(fc.nat(40), fc.nat(4)), { maxLength: 3 }).map((typos) => typos.reduce((n, [at, kind]) => typo(n, at, kind), name)),
    { minLength: 1, maxLength: 12 },
  );
