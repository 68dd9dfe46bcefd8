// How a column's values are read when it plays a role: the text of real exports is rarely what DuckDB
// casts by itself. Money comes as `$1,234.50`, `1.234,50 €`, `(12.00)` or in cents; dates day-first or
// month-first, with offsets, as Unix epochs, Excel serial days or integers like 19970101. Each way of
// reading is a SQL expression (a value that does not read becomes NULL, and the mapping counts and lists
// those rows: it never fails). The guess comes from a sample of the column's values and says why.
import { quoteUntrustedIdentifier as id, quoteUntrustedLiteral as literal } from '../engine/sql';

export type ReadAs =
  /** DuckDB's own cast (numbers and ISO dates as typed or sniffed). */
  | { kind: 'auto' }
  /** Number text: symbols, codes and spaces ignored, `(x)` or a minus sign negative. */
  | { kind: 'number'; decimal: '.' | ','; minorUnits: boolean }
  /** Date text in these strptime formats (the first that reads wins). */
  | { kind: 'date'; order: DateOrder; formats: string[] }
  | { kind: 'epoch'; unit: 's' | 'ms' }
  /** Excel serial days (1900 date system). */
  | { kind: 'excel' }
  /** An integer or text YYYYMMDD. */
  | { kind: 'yyyymmdd' };

export type DateOrder = 'ymd' | 'dmy' | 'mdy';
/** The order of dates written day and month before the year (01/03/2024). */
export type DayMonthOrder = Exclude<DateOrder, 'ymd'>;

/** Regions that write the month first (the US and places that follow its usage). */
const MONTH_FIRST_REGIONS = new Set(['US', 'PH', 'FM', 'MH', 'PW', 'AS', 'GU', 'MP', 'PR', 'UM', 'VI']);

/** Whether a browser language tag (en-US, fil-PH) names a region that writes the month first. */
export function writesMonthFirst(language: string): boolean {
  try {
    const region = new Intl.Locale(language).maximize().region;
    return region !== undefined && MONTH_FIRST_REGIONS.has(region);
  } catch {
    return false;
  }
}

/** Why a way of reading was chosen: a catalogue key under `mapping.readAs.why`. */
export type ReadAsWhy =
  | 'typed'
  | 'empty'
  | 'yyyymmdd'
  | 'epochMs'
  | 'epochS'
  | 'excel'
  | 'iso'
  | 'offset'
  | 'ymd'
  | 'dayFirst'
  | 'monthFirst'
  | 'ambiguous'
  | 'unknown'
  | 'minorUnitsName'
  | 'decimalComma'
  | 'moneyText'
  | 'numberText'
  /** As a known export's layout writes the column (a recognised shape: amounts in cents). */
  | 'layout';

/** A way of reading a column, why it was chosen (with the values its message shows). */
export interface ReadAsGuess {
  readAs: ReadAs;
  why: ReadAsWhy;
  values: Record<string, string | number>;
  /** The values allow more than one reading (day-first or month-first): the user should confirm. */
  ambiguous?: boolean;
}

const isIntegerType = (type: string) =>
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)/.test(type);
const isNumericType = (type: string) => isIntegerType(type) || /^(FLOAT|DOUBLE|DECIMAL|REAL)/.test(type);
const isTemporalType = (type: string) => /^(DATE|TIMESTAMP)/.test(type);

/** strptime formats for dates written with separators, in a day order; times and offsets optional. */
export function dateFormats(order: DateOrder, separator: string): string[] {
  const s = separator;
  const day = order === 'ymd' ? `%Y${s}%m${s}%d` : order === 'dmy' ? `%d${s}%m${s}%Y` : `%m${s}%d${s}%Y`;
  const times = [
    '',
    ' %H:%M',
    ' %H:%M:%S',
    'T%H:%M:%S',
    ' %H:%M:%S %z',
    ' %H:%M:%S%z',
    'T%H:%M:%S%z',
    ' %I:%M %p',
    ' %I:%M:%S %p',
  ];
  return times.map((t) => `${day}${t}`);
}

// ---------------------------------------------------------------------------------------------- SQL

/** The expression that reads a column as a timestamp (NULL when a value does not read). */
export function timestampSql(column: string, readAs: ReadAs = { kind: 'auto' }): string {
  const c = id(column);
  const text = `trim(${c}::VARCHAR)`;
  switch (readAs.kind) {
    case 'date':
      // values in another form fall back to the engine's own cast (an ISO date among day-first ones)
      return `coalesce(try_strptime(${text}, [${readAs.formats.map(literal).join(', ')}])::TIMESTAMP, TRY_CAST(${c} AS TIMESTAMP))`;
    case 'epoch':
      return readAs.unit === 's'
        ? `to_timestamp(TRY_CAST(${c} AS DOUBLE))::TIMESTAMP`
        : `epoch_ms(TRY_CAST(${c} AS BIGINT))::TIMESTAMP`;
    case 'excel':
      // day 1 is 1900-01-01 and Excel counts a 1900-02-29 that never was: day 0 is 1899-12-30 from March 1900
      return `(TIMESTAMP '1899-12-30' + to_microseconds(round(TRY_CAST(${c} AS DOUBLE) * 86400000000)::BIGINT))`;
    case 'yyyymmdd':
      return `try_strptime(${text}, '%Y%m%d')::TIMESTAMP`;
    default:
      return `TRY_CAST(${c} AS TIMESTAMP)`;
  }
}

/** ISO timestamps with a UTC offset: read as UTC (no time-zone database in the engine: docs/engine.md). */
export const ISO_OFFSET_FORMATS = [
  '%Y-%m-%d %H:%M:%S %z',
  '%Y-%m-%d %H:%M:%S%z',
  '%Y-%m-%dT%H:%M:%S%z',
  '%Y-%m-%dT%H:%M:%S.%f%z',
  '%Y-%m-%d %H:%M %z',
];

/** The expression that reads a column as a number (NULL when a value does not read). */
export function numberSql(column: string, readAs: ReadAs = { kind: 'auto' }): string {
  const c = id(column);
  if (readAs.kind !== 'number') return `TRY_CAST(${c} AS DOUBLE)`;
  const text = `trim(${c}::VARCHAR)`;
  const thousands = readAs.decimal === '.' ? ',' : '.';
  // keep digits and separators; then drop the thousands separator and make the decimal one a point
  const digits = `replace(replace(regexp_replace(${text}, '[^0-9.,]', '', 'g'), '${thousands}', ''), ',', '.')`;
  const negative = `regexp_matches(${text}, '^\\(.*\\)$|^-|-$|^[^0-9]*-')`;
  const value = `(CASE WHEN ${negative} THEN -1 ELSE 1 END) * TRY_CAST(NULLIF(${digits}, '') AS DOUBLE)`;
  return readAs.minorUnits ? `(${value} / 100)` : value;
}

// ------------------------------------------------------------------------------------------ guessing

const ISO = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(\s*(Z|[+-]\d{2}:?\d{2}))?$/;
const SEPARATED = /^(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})(?:[ T].*)?$/;

/** How to read a column that plays a date role, from its type and a sample of its values as text. */
export function guessTemporal(type: string, samples: string[], preferMonthFirst = false): ReadAsGuess {
  if (isTemporalType(type)) return { readAs: { kind: 'auto' }, why: 'typed', values: { type } };
  const values = samples.map((s) => s.trim()).filter((s) => s !== '');
  if (values.length === 0) return { readAs: { kind: 'auto' }, why: 'empty', values: {} };
  if (isIntegerType(type) || values.every((v) => /^\d+(\.\d+)?$/.test(v))) {
    const numbers = values.map(Number);
    if (values.every((v) => /^\d{8}$/.test(v)) && numbers.every((n) => n >= 19000101 && n <= 21001231))
      return { readAs: { kind: 'yyyymmdd' }, why: 'yyyymmdd', values: { example: values[0] } };
    if (numbers.every((n) => n >= 1e12 && n < 1e13))
      return { readAs: { kind: 'epoch', unit: 'ms' }, why: 'epochMs', values: { example: values[0] } };
    if (numbers.every((n) => n >= 1e8 && n < 1e10))
      return { readAs: { kind: 'epoch', unit: 's' }, why: 'epochS', values: { example: values[0] } };
    if (numbers.every((n) => n >= 20000 && n < 80000))
      return { readAs: { kind: 'excel' }, why: 'excel', values: { example: values[0] } };
  }
  if (values.every((v) => ISO.test(v))) {
    // the engine's own cast drops an offset without applying it: offsets are read by format
    const offset = values.find((v) => /[+-]\d{2}:?\d{2}$/.test(v));
    return offset
      ? {
          readAs: { kind: 'date', order: 'ymd', formats: ISO_OFFSET_FORMATS },
          why: 'offset',
          values: { example: offset },
        }
      : { readAs: { kind: 'auto' }, why: 'iso', values: { example: values[0] } };
  }
  const parts = values.map((v) => SEPARATED.exec(v));
  if (parts.every(Boolean)) {
    const separator = parts[0]![2];
    const first = parts.map((p) => Number(p![1]));
    const second = parts.map((p) => Number(p![3]));
    if (parts.every((p) => p![1].length === 4)) {
      return {
        readAs: { kind: 'date', order: 'ymd', formats: dateFormats('ymd', separator) },
        why: 'ymd',
        values: { example: values[0] },
      };
    }
    const dayFirst = first.some((n) => n > 12);
    const monthFirst = second.some((n) => n > 12);
    if (dayFirst && !monthFirst)
      return {
        readAs: { kind: 'date', order: 'dmy', formats: dateFormats('dmy', separator) },
        why: 'dayFirst',
        values: { example: values[first.findIndex((n) => n > 12)] },
      };
    if (monthFirst && !dayFirst)
      return {
        readAs: { kind: 'date', order: 'mdy', formats: dateFormats('mdy', separator) },
        why: 'monthFirst',
        values: { example: values[second.findIndex((n) => n > 12)] },
      };
    const order: DateOrder = preferMonthFirst ? 'mdy' : 'dmy';
    return {
      readAs: { kind: 'date', order, formats: dateFormats(order, separator) },
      why: 'ambiguous',
      values: { example: values[0] },
      ambiguous: true,
    };
  }
  return { readAs: { kind: 'auto' }, why: 'unknown', values: { example: values[0] } };
}

/** Names that say an amount is in minor units (cents, fen, pence). */
const MINOR_UNITS = /cents?\b|_cents|in_cents|minor|pence|\(分\)|（分）|单位[:：]?分|_fen\b/i;

/** How to read a column that plays a money or number role, from its name, type and sample values. */
export function guessNumber(name: string, type: string, samples: string[]): ReadAsGuess {
  const minorUnits = MINOR_UNITS.test(name);
  if (isNumericType(type)) {
    return minorUnits
      ? { readAs: { kind: 'number', decimal: '.', minorUnits }, why: 'minorUnitsName', values: { name } }
      : { readAs: { kind: 'auto' }, why: 'typed', values: { type } };
  }
  const values = samples.map((s) => s.trim()).filter((s) => s !== '');
  if (values.length === 0) return { readAs: { kind: 'auto' }, why: 'empty', values: {} };
  const digits = values.map((v) => v.replace(/[^0-9.,]/g, ''));
  // a comma followed by exactly one or two digits at the end, or a dot used between groups of three
  const commaDecimal = digits.filter(
    (d) => /,\d{1,2}$/.test(d) || /^\d{1,3}(\.\d{3})+(,\d+)?$/.test(d),
  ).length;
  const pointDecimal = digits.filter(
    (d) => /\.\d{1,2}$/.test(d) || /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(d),
  ).length;
  const decimal = commaDecimal > pointDecimal ? ',' : '.';
  const decorated = values.some((v) => /[^0-9.,\s-]/.test(v) || /^\(.*\)$/.test(v));
  const why: ReadAsWhy = minorUnits
    ? 'minorUnitsName'
    : decimal === ','
      ? 'decimalComma'
      : decorated
        ? 'moneyText'
        : 'numberText';
  return { readAs: { kind: 'number', decimal, minorUnits }, why, values: { example: values[0], name } };
}
