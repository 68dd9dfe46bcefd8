// Churn reasons on hand-computed fixtures, on the real engine: from the subscriptions' cancellation reason
// and from a cancellation survey joined by customer; counts, shares, lost MRR, Pareto order, the
// controllable share of churn and of lost MRR, unclassified and no-reason churns, trend by quarter, tenure
// bands, the churns behind a bar; and the keyword classifier on English and Chinese answers, in SQL and in
// TypeScript alike.
import { beforeAll, describe, expect, it } from 'vitest';
import { reasons } from '../../src/analyses/reasons';
import {
  classifyReason,
  DEFAULT_REASON_RULES,
  decodeReasonRules,
  encodeReasonRules,
  checkReasonRules,
} from '../../src/analyses/reasons/rules';
import { SUBSCRIPTIONS_IF_MISSING } from '../../src/analyses/linked';
import { startEngine } from '../helpers/engine';
import { isoDate, mapFixture, round, runSql, type Row } from '../helpers/analysis';
import type { EngineSession } from '../../src/engine/session';

// churns (no subscription of the customer covers the end):
//   A 100  Jan 1 2024 -> Mar 1     "Too expensive"     Price (controllable)       tenure 2 months
//   B  50  2023-01-01 -> Feb 1 2024 (a plan change: B still pays), 80 Feb 1 -> May 1 "Missing features"
//                                                       Missing feature            16 months, lost 80
//   C  30  2022-01-01 -> Apr 15    "Business closed"   No longer needed (not)     27 months
//   D  20  Feb 1 -> Jun 1          (no reason)         no reason                  4 months
//   E  40  Jan 1 -> May 10         "Other stuff"       Unclassified               4 months
//   G  70  Mar 1 -> Jul 1          "price"             Price (its name)           4 months
//   F  60  running                                      no churn
const SUBSCRIPTIONS = `customer,start,end,mrr,reason,plan
A,2024-01-01,2024-03-01,100,Too expensive,Pro
B,2023-01-01,2024-02-01,50,,Basic
B,2024-02-01,2024-05-01,80,Missing features,Pro
C,2022-01-01,2024-04-15,30,Business closed,Basic
D,2024-02-01,2024-06-01,20,,Basic
E,2024-01-01,2024-05-10,40,Other stuff,Pro
F,2024-01-01,,60,,Pro
G,2024-03-01,2024-07-01,70,price,Pro
`;

const rulesText = encodeReasonRules(DEFAULT_REASON_RULES);
const base = { reason_rules: rulesText, currency: '', as_of: '2024-08-01' };
let engine: EngineSession;

beforeAll(async () => {
  engine = await startEngine();
  await mapFixture(engine, SUBSCRIPTIONS, {
    kind: 'subscriptions',
    customerId: 'customer',
    startedAt: 'start',
    endedAt: 'end',
    mrr: 'mrr',
    reason: 'reason',
    plan: 'plan',
    segments: ['plan'],
  });
});

const label = (r: Row) => (r.classification === 'rule' ? r.category : r.classification);
const view = (id: string, source: 'subscriptions' | 'cancellations') =>
  reasons.views.find((v) => v.id === id)!.bySource[source]!;

describe('churn reasons from the subscriptions', () => {
  it('counts churns, shares and lost MRR by reason, in Pareto order', async () => {
    const rows = round(await runSql(engine, reasons.sources.subscriptions!.sql, base), 6);
    expect(
      rows.map((r) => [
        label(r),
        r.controllable,
        r.churns,
        r.share,
        r.lost_mrr,
        r.mrr_share,
        r.cumulative_share,
      ]),
    ).toEqual([
      // 6 churns, 340 lost: Price 2 (100 + 70), then the ties: rules' reasons, unclassified, no reason
      ['Price', true, 2, 0.333333, 170, 0.5, 0.333333],
      ['Missing feature', true, 1, 0.166667, 80, 0.235294, 0.5],
      ['No longer needed', false, 1, 0.166667, 30, 0.088235, 0.666667],
      ['unclassified', null, 1, 0.166667, 40, 0.117647, 0.833333],
      ['noReason', null, 1, 0.166667, 20, 0.058824, 1],
    ]);
  });

  it('gives the controllable share of churn and of lost MRR, and the unclassified share', async () => {
    const [summary] = round(await runSql(engine, view('summary', 'subscriptions'), base), 6);
    // controllable: A, G (Price) and B (Missing feature): 3 of 6 churns; 100 + 70 + 80 = 250 of 340
    expect(summary).toMatchObject({
      churns: 6,
      classified: 4,
      unclassified: 1,
      no_reason: 1,
      controllable: 3,
      controllable_share: 0.5,
      lost_mrr: 340,
      controllable_mrr_share: 0.735294,
      other_currency: 0,
    });
  });

  it('follows the reasons by quarter and by tenure band', async () => {
    const trend = await runSql(engine, view('trend', 'subscriptions'), base);
    const quarters = new Map<string, number>();
    for (const r of trend)
      quarters.set(isoDate(r.quarter)!, (quarters.get(isoDate(r.quarter)!) ?? 0) + Number(r.churns));
    // Q1: A (Mar 1); Q2: C, E, B, D; Q3: G (Jul 1)
    expect([...quarters]).toEqual([
      ['2024-01-01', 1],
      ['2024-04-01', 4],
      ['2024-07-01', 1],
    ]);
    const tenure = await runSql(engine, view('tenure', 'subscriptions'), base);
    const bands = Object.fromEntries(
      ['under3m', 'under1y', 'under2y', 'over2y'].map((b) => [
        b,
        tenure.filter((r) => r.tenure_band === b).map(label),
      ]),
    );
    expect(bands).toEqual({
      under3m: ['Price'],
      under1y: ['Price', 'unclassified', 'noReason'],
      under2y: ['Missing feature'],
      over2y: ['No longer needed'],
    });
  });

  it('breaks reasons down by segment (the plan of the row that ended)', async () => {
    const rows = await runSql(engine, reasons.sources.subscriptions!.sql, base, 'plan');
    const pro = rows.filter((r) => r.segment === 'Pro').map((r) => [label(r), r.churns]);
    expect(pro).toEqual([
      ['Price', 2],
      ['Missing feature', 1],
      ['unclassified', 1],
    ]);
  });

  it('takes an end on the data end as still open', async () => {
    const [summary] = await runSql(engine, view('summary', 'subscriptions'), {
      ...base,
      as_of: '2024-07-01',
    });
    expect(summary.churns).toBe(5); // G ends on July 1 = the data end
  });

  it('lists the churns behind a bar', async () => {
    const drill = reasons.sources.subscriptions!.drill!;
    const price = await runSql(engine, drill, {
      ...base,
      classification: 'rule',
      category: 'Price',
      quarter: null,
      tenure_band: null,
      mark_segment: null,
    });
    expect(price.map((r) => [r.customer_id, r.reason_as_written, r.lost_mrr])).toEqual([
      ['G', 'price', 70],
      ['A', 'Too expensive', 100],
    ]);
  });
});

describe('churn reasons from a cancellation survey joined by customer', () => {
  // free text in English and Chinese; D was saved (not a churn); H has no subscription, so its MRR comes
  // from the export's own column
  const CANCELLATIONS = `customer,at,reason,comment,outcome,mrr
A,2024-02-20,,The price went up again,cancelled,
B,2024-04-28,Other,We moved to a competitor,cancelled,
C,2024-04-10,太贵了,,cancelled,
D,2024-05-30,Too expensive,,saved,
E,2024-05-05,不再需要了,,cancelled,
H,2024-06-01,Bad weather,,cancelled,25
`;
  let survey: EngineSession;
  beforeAll(async () => {
    survey = await startEngine();
    await mapFixture(survey, SUBSCRIPTIONS, {
      kind: 'subscriptions',
      customerId: 'customer',
      startedAt: 'start',
      endedAt: 'end',
      mrr: 'mrr',
      segments: [],
    });
    await mapFixture(survey, CANCELLATIONS, {
      kind: 'cancellations',
      customerId: 'customer',
      cancelledAt: 'at',
      reason: 'reason',
      comment: 'comment',
      outcome: 'outcome',
      mrr: 'mrr',
      segments: [],
    });
  });

  it('classifies free text, reads lost MRR from the subscriptions running at the cancellation', async () => {
    const rows = round(await runSql(survey, reasons.sources.cancellations!.sql, { ...base, as_of: null }), 6);
    // A 100 (Price, from "price"), C 30 (Price, 贵), B 80 (competitor), E 40 (不再需要: not controllable),
    // H 25 from the export (unclassified)
    expect(rows.map((r) => [label(r), r.churns, r.lost_mrr])).toEqual([
      ['Price', 2, 130],
      ['No longer needed', 1, 40],
      ['Switched to a competitor', 1, 80],
      ['unclassified', 1, 25],
    ]);
    const [summary] = round(
      await runSql(survey, view('summary', 'cancellations'), { ...base, as_of: null }),
      6,
    );
    // controllable: Price and competitor, 3 of 5 churns; 130 + 80 = 210 of 275 lost
    expect([
      summary.churns,
      summary.controllable_share,
      summary.lost_mrr,
      summary.controllable_mrr_share,
    ]).toEqual([5, 0.6, 275, 0.763636]);
  });

  it('has lost MRR only from the export while no subscriptions are mapped', async () => {
    const alone = await startEngine();
    await mapFixture(alone, CANCELLATIONS, {
      kind: 'cancellations',
      customerId: 'customer',
      cancelledAt: 'at',
      reason: 'reason',
      comment: 'comment',
      outcome: 'outcome',
      mrr: 'mrr',
      segments: [],
    });
    alone.queryRows(SUBSCRIPTIONS_IF_MISSING);
    const [summary] = await runSql(alone, view('summary', 'cancellations'), { ...base, as_of: null });
    expect([summary.churns, summary.lost_mrr, summary.without_mrr]).toEqual([5, 25, 4]);
  });
});

describe('the keyword classifier', () => {
  const rules = DEFAULT_REASON_RULES;
  const answers: [string | null, string | null, string | null][] = [
    ['Too expensive for what it does', null, 'Price'],
    [null, 'We could not justify the cost any more', 'Price'],
    ['价格太贵', null, 'Price'],
    ['性价比不高', null, 'Price'],
    ['Missing integrations we need', null, 'Missing feature'],
    ['缺少我们需要的功能', null, 'Missing feature'],
    ['Frequent bugs, slow pages', null, 'Quality / bugs'],
    ['经常出错，速度慢', null, 'Quality / bugs'],
    ['Support took days to answer', null, 'Support / experience'],
    ['客服响应太慢', null, 'Support / experience'],
    ['We switched to another tool', null, 'Switched to a competitor'],
    ['改用竞品了', null, 'Switched to a competitor'],
    ['Our business closed', null, 'No longer needed'],
    ['公司倒闭了', null, 'No longer needed'],
    ['Seasonal business, pausing for the winter', null, 'Temporary (pause)'],
    ['暂时不用', null, 'Temporary (pause)'],
    ['The parcel never arrived, courier lost it', null, 'Shipping / delivery'],
    ['Other', 'Just because', null],
    ['其他', null, null],
  ];

  it('puts English and Chinese answers in their reasons, and leaves the rest unclassified', () => {
    expect(answers.map(([reason, comment]) => classifyReason(rules, reason, comment))).toEqual(
      answers.map(([, , expected]) => expected),
    );
  });

  it('classifies the same answers the same way in SQL', async () => {
    const csv =
      'customer,at,reason,comment\n' +
      answers
        .map(([reason, comment], i) =>
          [`c${i}`, `2024-01-${String(i + 1).padStart(2, '0')}`, reason ?? '', comment ?? '']
            .map((v) => `"${v}"`)
            .join(','),
        )
        .join('\n') +
      '\n';
    const sqlEngine = await startEngine();
    await mapFixture(sqlEngine, csv, {
      kind: 'cancellations',
      customerId: 'customer',
      cancelledAt: 'at',
      reason: 'reason',
      comment: 'comment',
      segments: [],
    });
    sqlEngine.queryRows(SUBSCRIPTIONS_IF_MISSING);
    const rows = await runSql(sqlEngine, reasons.sources.cancellations!.drill!, {
      ...base,
      as_of: null,
      classification: 'rule',
      category: null,
      quarter: null,
      tenure_band: null,
      mark_segment: null,
    });
    const unclassified = await runSql(sqlEngine, reasons.sources.cancellations!.drill!, {
      ...base,
      as_of: null,
      classification: 'unclassified',
      category: null,
      quarter: null,
      tenure_band: null,
      mark_segment: null,
    });
    const bySql = new Map(
      [...rows, ...unclassified].map((r) => [r.customer_id, r.reason === 'unclassified' ? null : r.reason]),
    );
    expect(answers.map((_, i) => bySql.get(`c${i}`))).toEqual(answers.map(([, , expected]) => expected));
  });

  it('names a reason written exactly as a rule before any keyword, and follows edited rules', () => {
    const edited = decodeReasonRules(
      encodeReasonRules([...rules, { name: 'Weather', controllable: false, keywords: ['rain', '下雨'] }]),
    );
    expect(classifyReason(edited, 'It would not stop raining')).toBe('Weather');
    expect(classifyReason(edited, '下雨天不用')).toBe('Weather');
    // "price" is a keyword of Price, but a reason written "Support / experience" is that reason
    expect(classifyReason(edited, 'Support / experience', 'price')).toBe('Support / experience');
  });

  it('refuses rules that are not in the format', () => {
    expect(() => checkReasonRules(rulesText)).not.toThrow();
    expect(() => checkReasonRules('Price\tmaybe\tcost')).toThrow(/yes/);
    expect(() => checkReasonRules('Price\tyes\tcost\nprice\tno\tx')).toThrow(/same name/);
    expect(() => checkReasonRules('\tyes\tcost')).toThrow(/name/);
  });
});
