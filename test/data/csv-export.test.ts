// CSV exports cannot turn data into a spreadsheet formula (src/data/export.ts, the OWASP CSV-injection
// rule): text and column names that start with =, +, -, @, a tab or a carriage return get a leading
// apostrophe and quotes; numbers (negative ones too) are written as they are.
import { describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { csvText, tableToCsv } from '../../src/data/export';

describe('CSV export', () => {
  it.each([
    ['=1+1', `"'=1+1"`],
    ['+1', `"'+1"`],
    ['-2', `"'-2"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tx', `"'\tx"`],
    ['\r=x', `"'\r=x"`],
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
  ])('writes %j as %s', (text, csv) => {
    expect(csvText(text)).toBe(csv);
  });

  it('neutralises text cells and column names, not numbers', () => {
    const table = tableFromArrays({ '=name': ['=cmd', 'ok'], amount: Float64Array.from([-5, 2.5]) });
    expect(tableToCsv(table)).toBe(`"'=name",amount\n"'=cmd",-5\nok,2.5\n`);
  });
});
