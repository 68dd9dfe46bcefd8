// What every chart shares: colour-blind-safe palettes, sizes, locale-aware formats, the document to draw in
// (the page's, or jsdom's in the golden-SVG tests).

/** Okabe & Ito (2008): distinguishable with the common colour-vision deficiencies. */
export const OKABE_ITO = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
  '#F0E442',
  '#000000',
];

export interface ChartOptions {
  width: number;
  locale: string;
  /** Translated texts the chart shows (axis labels, legends), by key. */
  text: Record<string, string>;
  /** The period grain of time labels ('day', 'week', 'month', 'quarter', 'year'); days when absent. */
  grain?: string;
  /** Where to create elements; the page's document unless given (tests pass jsdom's). */
  document?: Document;
}

export function percentFormat(locale: string, digits = 0): (x: number) => string {
  const format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits });
  return (x) => (x == null || Number.isNaN(x) ? '' : format.format(x));
}

export function numberFormat(locale: string, digits = 0): (x: number) => string {
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
  return (x) => (x == null || Number.isNaN(x) ? '' : format.format(x));
}

export function monthLabel(locale: string): (ms: number | Date) => string {
  const format = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' });
  return (ms) => format.format(ms);
}

export function dayLabel(locale: string): (ms: number | Date) => string {
  const format = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: 'UTC',
  });
  return (ms) => format.format(ms);
}

/**
 * A time axis labelled in the reader's language (Plot's own labels are English: "Jan", "Feb"): ticks every
 * week, month, quarter or year by the span of the dates and the width, each labelled as its interval reads.
 */
export function timeAxis(
  dates: (number | Date)[],
  locale: string,
  width: number,
): { type: 'utc'; label: null; ticks: string; tickFormat: (d: Date) => string } {
  const ms = dates.map((d) => +d).filter(Number.isFinite);
  const months = ms.length ? (Math.max(...ms) - Math.min(...ms)) / (86_400_000 * 30.44) : 0;
  const room = Math.max(2, Math.floor(width / 90));
  const day = new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const month = monthLabel(locale);
  const year = (d: Date) => String(d.getUTCFullYear());
  if (months <= 2) return { type: 'utc', label: null, ticks: 'week', tickFormat: (d) => day.format(d) };
  for (const step of [1, 2, 3, 6])
    if (months / step <= room)
      return { type: 'utc', label: null, ticks: `${step} months`, tickFormat: month };
  return { type: 'utc', label: null, ticks: 'year', tickFormat: year };
}

/** Charts for narrow screens get a smaller left margin and fewer ticks. */
export const isNarrow = (width: number) => width < 560;

/** A label for the period starting at `ms`: "Jan 2024", "2024 Q1", "2024", or a date for days and weeks. */
export function periodLabel(grain: string | undefined, locale: string): (ms: number) => string {
  if (grain === 'month') return monthLabel(locale);
  if (grain === 'quarter')
    return (ms) => `${new Date(ms).getUTCFullYear()} Q${Math.floor(new Date(ms).getUTCMonth() / 3) + 1}`;
  if (grain === 'year') return (ms) => String(new Date(ms).getUTCFullYear());
  return dayLabel(locale);
}
