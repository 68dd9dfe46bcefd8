// Values the SQL writes itself are shown translated; the user's own values never are.
import { describe, expect, it } from 'vitest';
import { isShareColumn, valueLabel } from '../../src/analyses/labels';

const t = (key: string) => `<${key}>`;

describe('value labels', () => {
  it('translate the total row and the built-in RFM segments, and nothing else', () => {
    expect(valueLabel('repeat', 'segment', 'All', t)).toBe('<values.all>');
    expect(valueLabel('funnel', 'offer', 'All', t)).toBe('<values.all>');
    expect(valueLabel('rfm', 'segment', 'Cannot lose', t)).toBe('<rfm.segments.cannotLose>');
    expect(valueLabel('rfm', 'segment', 'About to sleep', t)).toBe('<rfm.segments.aboutToSleep>');
    expect(valueLabel('rfm', 'segment', 'Other', t)).toBe('<rfm.segments.other>');
    // a user's segment value that reads like one of ours, outside RFM or in another column
    expect(valueLabel('churn', 'segment', 'Loyal', t)).toBe('Loyal');
    expect(valueLabel('rfm', 'segment', 'Stars', t)).toBe('Stars');
    expect(valueLabel('repeat', 'country', 'All', t)).toBe('All');
  });
});

describe('share columns', () => {
  it('are the shares and rates, not counts, money, dates or ratios', () => {
    for (const name of [
      'retention',
      'churn_rate',
      'customer_share',
      'nrr_12m',
      'p_alive',
      'logo_churn',
      'margin',
    ])
      expect(isShareColumn(name), name).toBe(true);
    for (const name of [
      'customers',
      'churned_mrr',
      'first_churn',
      'quick_ratio',
      'revenue',
      'margin_from',
      'churns',
    ])
      expect(isShareColumn(name), name).toBe(false);
  });
});
