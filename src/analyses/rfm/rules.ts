// RFM segment rules: which named segment an R, F, M score cell belongs to. Editable in the app; reach the
// SQL (rfm_scores.sql) as one text parameter, one rule per line, fields separated by tabs.

export interface RfmRule {
  name: string;
  r: [number, number];
  f: [number, number];
  m: [number, number];
}

const ALL: [number, number] = [1, 5];

/** The default rules on R and F (first match wins); every one of the 25 R x F cells has a segment. */
export const DEFAULT_RFM_RULES: RfmRule[] = [
  { name: 'Champions', r: [5, 5], f: [4, 5], m: ALL },
  { name: 'Loyal', r: [3, 5], f: [4, 5], m: ALL },
  { name: 'Cannot lose', r: [1, 2], f: [5, 5], m: ALL },
  { name: 'At risk', r: [1, 2], f: [3, 4], m: ALL },
  { name: 'Need attention', r: [3, 3], f: [3, 3], m: ALL },
  { name: 'Potential', r: [4, 5], f: [2, 3], m: ALL },
  { name: 'New', r: [5, 5], f: [1, 1], m: ALL },
  { name: 'Promising', r: [4, 4], f: [1, 1], m: ALL },
  { name: 'About to sleep', r: [3, 3], f: [1, 2], m: ALL },
  { name: 'Hibernating', r: [2, 2], f: [1, 2], m: ALL },
  { name: 'Lost', r: [1, 1], f: [1, 2], m: ALL },
];

const score = (n: number) => Math.min(5, Math.max(1, Math.round(n)));

/** The rules as the SQL parameter: tabs and newlines in names become spaces. */
export function encodeRules(rules: RfmRule[]): string {
  return rules
    .map((rule) =>
      [
        rule.name.replace(/[\t\r\n]+/g, ' ').trim() || '?',
        ...[rule.r, rule.f, rule.m].flatMap(([lo, hi]) => [score(Math.min(lo, hi)), score(Math.max(lo, hi))]),
      ].join('\t'),
    )
    .join('\n');
}

export function decodeRules(text: string): RfmRule[] {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [name, ...bounds] = line.split('\t');
      const n = bounds.map(Number);
      return { name, r: [n[0], n[1]], f: [n[2], n[3]], m: [n[4], n[5]] };
    });
}

/** The segment of a score cell under the rules (the same first-match rule the SQL applies). */
export function segmentOf(rules: RfmRule[], r: number, f: number, m: number): string {
  const inside = (v: number, [lo, hi]: [number, number]) => v >= lo && v <= hi;
  return rules.find((rule) => inside(r, rule.r) && inside(f, rule.f) && inside(m, rule.m))?.name ?? 'Other';
}

/** Limits on the rules a link or the editor may carry. */
export const RULE_LIMITS = { rules: 50, name: 60 };

/**
 * Throws (an English detail for the message) unless `text` is rules in the parameter's format: one rule per
 * line, a name and six whole scores 1-5 (r, f, m as min and max), separated by tabs.
 */
export function checkRules(text: string): void {
  const lines = text.split('\n').filter((line) => line.trim());
  if (lines.length === 0) throw new Error('no rules');
  if (lines.length > RULE_LIMITS.rules) throw new Error(`more than ${RULE_LIMITS.rules} rules`);
  lines.forEach((line, i) => {
    const [name, ...bounds] = line.split('\t');
    if (!name.trim() || name.length > RULE_LIMITS.name)
      throw new Error(`rule ${i + 1}: a name of 1 to ${RULE_LIMITS.name} characters`);
    if (bounds.length !== 6 || !bounds.every((b) => /^[1-5]$/.test(b)))
      throw new Error(`rule ${i + 1}: six scores from 1 to 5`);
    const n = bounds.map(Number);
    if (n[0] > n[1] || n[2] > n[3] || n[4] > n[5])
      throw new Error(`rule ${i + 1}: a minimum above its maximum`);
  });
}
