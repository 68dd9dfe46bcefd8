// Locale-aware formatting of numbers, percentages, money, dates and byte sizes. Cached formatters: the
// result grid calls these for every visible cell.
const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.NumberFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

function dateFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `d|${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!f) cache.set(key, (f = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...options })));
  return f;
}

export function formatNumber(value: number | bigint, locale: string, maxFraction = 2): string {
  return numberFormat(locale, { maximumFractionDigits: maxFraction }).format(value);
}

export function formatPercent(fraction: number, locale: string, digits = 1): string {
  return numberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(fraction);
}

export function formatMoney(value: number, locale: string, currency = 'USD'): string {
  return numberFormat(locale, { style: 'currency', currency }).format(value);
}

/** Dates are stored as naive dates (no time zone, see docs/engine.md): format them in UTC. */
export function formatDate(epochMs: number, locale: string): string {
  return dateFormat(locale, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(epochMs);
}

export function formatTimestamp(epochMs: number, locale: string): string {
  return dateFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  }).format(epochMs);
}

export function formatBytes(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${formatNumber(value, locale, unit === 0 ? 0 : 1)} ${units[unit]}`;
}
