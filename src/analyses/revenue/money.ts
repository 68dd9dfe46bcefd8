// The reporting currency and the exchange rates of revenue retention (and of the analyses that add MRR
// up): text parameters, checked here so that the SQL (mrr_parts.sql) can read them without guarding.
import type { TextParam } from '../params';

const CODE = /^[A-Za-z]{3}$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const RATE = /^\d+(\.\d+)?$|^\.\d+$/;

/** Limits on the rates a link or the form may carry. */
export const RATE_LIMITS = { lines: 500 };

/** Throws unless `text` is empty or a three-letter currency code. */
export function checkCurrency(text: string): void {
  if (text.trim() !== '' && !CODE.test(text.trim()))
    throw new Error('a three-letter currency code, or empty');
}

/**
 * Throws (an English detail for the message) unless every line that is not empty or a `#` comment is a
 * currency code, an optional month YYYY-MM, and a positive rate written with a decimal point, separated
 * by spaces, tabs, `=` or `:` (`EUR 1.08`, `EUR 2024-03 1.07`, `GBP=1.27`).
 */
export function checkRates(text: string): void {
  const lines = text.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  if (lines.length > RATE_LIMITS.lines) throw new Error(`more than ${RATE_LIMITS.lines} rates`);
  lines.forEach((line, i) => {
    const parts = line.trim().split(/[\s;=:]+/);
    const where = `rate ${i + 1} ("${line.trim().slice(0, 40)}")`;
    if (parts.length < 2 || parts.length > 3 || !CODE.test(parts[0]))
      throw new Error(`${where}: a currency code, an optional month YYYY-MM, and a rate`);
    if (parts.length === 3 && !MONTH.test(parts[1])) throw new Error(`${where}: the month as YYYY-MM`);
    const rate = parts[parts.length - 1];
    if (!RATE.test(rate) || Number(rate) <= 0)
      throw new Error(`${where}: a positive rate written with a decimal point (1.08)`);
  });
}

export const currencyParam: TextParam = {
  id: 'currency',
  kind: 'rules',
  editor: 'line',
  default: '',
  check: checkCurrency,
  maxLength: 3,
  docs: 'a currency code (three letters), or empty: the currency of the most subscriptions',
};

export const ratesParam: TextParam = {
  id: 'rates',
  kind: 'rules',
  editor: 'lines',
  default: '',
  check: checkRates,
  maxLength: 20_000,
  docs: 'exchange rates to the reporting currency, one per line: `EUR 1.08`, or `EUR 2024-03 1.07` from that month on',
};
