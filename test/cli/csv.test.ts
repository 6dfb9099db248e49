import { describe, expect, it } from 'vitest';
import { csvCell, csvLines } from '../../src/cli/csv.js';

describe('CSV for a spreadsheet', () => {
  it('quotes what needs quoting and keeps numbers, negative ones included, as numbers', () => {
    expect(csvCell('Acme, Inc.')).toBe('"Acme, Inc."');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('-25.00')).toBe('-25.00');
    expect(csvCell('1000.00')).toBe('1000.00');
  });

  it('turns what a spreadsheet would run as a formula into text', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1+1')).toBe("'+1+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-1+cmd')).toBe("'-1+cmd");
  });

  it('writes a header and rows', () => {
    expect(csvLines(['a', 'b'], [['1', 'x,y']])).toBe('a,b\n1,"x,y"');
  });
});
