// Values the SQL writes itself, not the user's data, shown in the reader's language: the 'All' row of a
// breakdown (and of the offers of the cancel funnel) and, in RFM, the names of the built-in segments and
// 'Other'. A user's own value is shown as written; exports keep the SQL's words.
import { DEFAULT_RFM_RULES } from './rfm/rules';

type Translate = (key: string) => string;

/** Columns whose 'All' is the total row the SQL adds. */
const TOTAL_COLUMNS = new Set(['segment', 'offer']);

/** The built-in RFM segment names (and 'Other') by their catalogue key under `rfm.segments`. */
export const RFM_SEGMENT_KEYS: Record<string, string> = Object.fromEntries(
  [...DEFAULT_RFM_RULES.map((r) => r.name), 'Other'].map((name) => [
    name,
    name.toLowerCase().replace(/ (\w)/g, (_, c: string) => c.toUpperCase()),
  ]),
);

/**
 * Columns that hold a share or a rate (0.25 = 25%), shown as percentages: the analyses name them so
 * (…_share, …_rate, retention, logo and revenue churn, NRR/GRR, P(alive), survival, margin).
 */
export function isShareColumn(name: string): boolean {
  return /(^|_)(share|rate|retention|crr|nrr|grr|survival)(_12m)?$|^(logo|revenue)_churn$|^p_alive$|^share_|^(gross_)?margin$/.test(
    name,
  );
}

/** `value` of `column` in a result of `analysis`, as the reader's language says it. */
export function valueLabel(analysis: string, column: string, value: string, t: Translate): string {
  if (value === 'All' && TOTAL_COLUMNS.has(column)) return t('values.all');
  if (analysis === 'rfm' && column === 'segment' && value in RFM_SEGMENT_KEYS)
    return t(`rfm.segments.${RFM_SEGMENT_KEYS[value]}`);
  return value;
}
