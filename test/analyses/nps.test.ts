// NPS on a hand-computed fixture, on the real engine: groups, NPS as an integer, its margin of error and
// adjusted interval (clamped), "too few answers", scores that do not read, comments, the answers behind a
// mark, and the later churn, revenue retention and CLV of each group where answers link to subscriptions.
import { beforeAll, describe, expect, it } from 'vitest';
import { nps } from '../../src/analyses/nps';
import { SUBSCRIPTION_COLUMNS, SUBSCRIPTIONS_IF_MISSING } from '../../src/analyses/linked';
import { startEngine } from '../helpers/engine';
import { isoDate, mapFixture, round, runSql, type Row } from '../helpers/analysis';
import type { EngineSession } from '../../src/engine/session';

// Q1 2024: promoters 1 2 3 4, passives 5 6, detractors 7 8 9 10; Q2: 11 12 13 promoters (APAC), 14 a
// detractor; Q4: 15 a detractor, 16 scores 7.5 (not a score: left out). Customers c1..c7 link to the
// subscriptions below.
const SURVEY = `id,customer,when,score,comment,region
1,c1,2024-01-10,10,Great product,EU
2,c7,2024-01-05,10,,US
3,c2,2024-02-01,9,Love it,EU
4,,2024-02-03,9,,US
5,c5,2024-02-15,8,"Good, but pricey",EU
6,,2024-03-02,7,,US
7,c3,2024-01-20,6,Too expensive,EU
8,c4,2024-03-01,5,Missing features,EU
9,,2024-03-10,3,,US
10,,2024-03-20,0,太贵了,EU
11,,2024-04-02,9,,APAC
12,,2024-05-02,9,,APAC
13,,2024-06-02,10,Reliable,APAC
14,,2024-06-20,6,,EU
15,c6,2024-11-15,2,Bugs,US
16,,2024-11-20,7.5,half,US
`;
// at the answer / 90 days later:
//   c1 promoter  100 from 2024-01-01 (running)                    paying 100 / paying 100
//   c2 promoter  50, 2023-06-01 -> 2024-03-15                     paying 50  / gone: churned
//   c7 promoter  ended 2023-12-01, before the answer              not paying: not linked
//   c3 detractor 80, 2023-01-01 -> 2024-02-10                     paying 80  / gone: churned
//   c4 detractor 40 (running) + an add-on 20 from 2024-04-01      paying 40  / paying 60
//   c6 detractor 30 (running), answered 2024-11-15                paying 30  / 90 days not over by Dec 1
//   c5 passive   no subscription                                  not linked
const SUBSCRIPTIONS = `customer,start,end,mrr
c1,2024-01-01,,100
c2,2023-06-01,2024-03-15,50
c7,2023-01-01,2023-12-01,70
c3,2023-01-01,2024-02-10,80
c4,2023-01-01,,40
c4,2024-04-01,,20
c6,2024-01-01,,30
`;

const sql = nps.sources.survey!.sql;
const base = { grain: 'quarter', min_answers: 5, follow_days: 90, currency: '', as_of: null };
let engine: EngineSession;

beforeAll(async () => {
  engine = await startEngine();
  await mapFixture(engine, SURVEY, {
    kind: 'survey',
    customerId: 'customer',
    answeredAt: 'when',
    score: 'score',
    comment: 'comment',
    segments: ['region'],
  });
});

const find = (rows: Row[], period: string | null, segment = 'All') =>
  rows.find((r) => isoDate(r.period) === period && r.segment === segment)!;
const figures = (r: Row) => [r.answers, r.nps, r.margin, r.ci_low, r.ci_high];

describe('NPS', () => {
  it('computes NPS, its margin of error and its adjusted interval by hand', async () => {
    const rows = round(await runSql(engine, sql, base), 4);
    // overall: 15 answers, 7 promoters, 2 passives, 6 detractors: NPS = 100 x (7 - 6) / 15 = 6.67 -> 7
    // margin = 1.96 x sqrt((7/15 + 6/15 - (1/15)^2) / 15) x 100 = 46.9916
    // adjusted: p = 7.75/18, d = 6.75/18, (p - d) -/+ 1.96 x sqrt((p + d - (p - d)^2) / 18) -> -35.8286, 46.9397
    expect(figures(find(rows, null))).toEqual([15, 7, 46.9916, -35.8286, 46.9397]);
    expect([find(rows, null).promoters, find(rows, null).passives, find(rows, null).detractors]).toEqual([
      7, 2, 6,
    ]);
    // Q1: 4 promoters, 2 passives, 4 detractors of 10: NPS 0, margin 1.96 x sqrt(0.8 / 10) x 100 = 55.4372,
    // adjusted 0 -/+ 1.96 x sqrt((9.5/13) / 13) x 100 = 46.4702
    expect(figures(find(rows, '2024-01-01'))).toEqual([10, 0, 55.4372, -46.4702, 46.4702]);
  });

  it('says "too few answers" instead of a number below the minimum', async () => {
    const rows = await runSql(engine, sql, base);
    // Q2 has 4 answers, Q4 one (the 7.5 is not an answer with a score): fewer than 5
    for (const period of ['2024-04-01', '2024-10-01']) {
      const r = find(rows, period);
      expect([r.too_few, r.nps, r.margin, r.ci_low, r.ci_high], period).toEqual([
        true,
        null,
        null,
        null,
        null,
      ]);
    }
    expect(find(rows, '2024-04-01').answers).toBe(4);
    // Q4 is not over by the data end (the day after the last answer)
    expect([find(rows, '2024-01-01').complete, find(rows, '2024-10-01').complete]).toEqual([true, false]);
  });

  it('breaks NPS down by segment, and clamps the interval at 100', async () => {
    const rows = round(await runSql(engine, sql, { ...base, min_answers: 1 }, 'region'), 4);
    // EU: 2 promoters, 1 passive, 4 detractors of 7: 100 x (2 - 4) / 7 = -28.57 -> -29
    expect(figures(find(rows, null, 'EU'))).toEqual([7, -29, 65.238, -72.2258, 32.2258]);
    expect(figures(find(rows, null, 'US'))).toEqual([5, 0, 78.4, -57.4576, 57.4576]);
    // APAC: 3 promoters of 3: NPS 100, margin 0; adjusted 3.75/6 - 0.75/6 = 0.5 + 0.5658 -> clamped to 100
    expect(figures(find(rows, null, 'APAC'))).toEqual([3, 100, 0, -6.5803, 100]);
    // and per quarter and segment
    expect(find(rows, '2024-04-01', 'APAC').nps).toBe(100);
    expect(find(rows, null).nps).toBe(7);
  });

  it('counts the scores, and the answers whose score does not read', async () => {
    const view = nps.views.find((v) => v.id === 'scores')!.sql;
    const rows = await runSql(engine, view, base);
    expect(rows.map((r) => [r.score, r.nps_group, r.answers])).toEqual([
      [0, 'detractor', 1],
      [2, 'detractor', 1],
      [3, 'detractor', 1],
      [5, 'detractor', 1],
      [6, 'detractor', 2],
      [7, 'passive', 1],
      [8, 'passive', 1],
      [9, 'promoter', 4],
      [10, 'promoter', 3],
      [null, null, 1],
    ]);
    expect(rows.at(-1)!.example).toBe('7.5');
  });

  it('lists the comments of each group, newest first', async () => {
    const view = nps.views.find((v) => v.id === 'comments')!.sql;
    const rows = await runSql(engine, view, base);
    const of = (group: string) => rows.filter((r) => r.nps_group === group).map((r) => r.comment);
    expect(of('promoter')).toEqual(['Reliable', 'Love it', 'Great product']);
    expect(of('passive')).toEqual(['Good, but pricey']);
    expect(of('detractor')).toEqual(['Bugs', '太贵了', 'Missing features', 'Too expensive']);
  });

  it('lists the answers behind a point of the chart', async () => {
    const drill = nps.sources.survey!.drill!;
    const q1 = await runSql(engine, drill, {
      ...base,
      period: '2024-01-01',
      score: null,
      mark_segment: null,
    });
    // newest first: Mar 20 (0), Mar 10 (3), Mar 2 (7), Mar 1 (5), Feb 15 (8), Feb 3 (9), Feb 1 (9), Jan 20 (6), ...
    expect(q1.map((r) => r.score)).toEqual([0, 3, 7, 5, 8, 9, 9, 6, 10, 10]);
    const nines = await runSql(engine, drill, { ...base, period: null, score: 9, mark_segment: null });
    expect(nines.length).toBe(4);
    const apac = await runSql(
      engine,
      drill,
      { ...base, period: null, score: null, mark_segment: 'APAC' },
      'region',
    );
    expect(apac.map((r) => r.segment)).toEqual(['APAC', 'APAC', 'APAC']);
  });
});

describe('what became of promoters, passives and detractors', () => {
  const view = nps.views.find((v) => v.id === 'outcomes')!.sql;

  // answers with a customer id: promoters c1 c7 c2, passive c5, detractors c3 c4 c6
  it('has empty figures while no subscriptions are mapped (an empty table stands in)', async () => {
    engine.queryRows(SUBSCRIPTIONS_IF_MISSING);
    const rows = await runSql(engine, view, base);
    expect(rows.map((r) => [r.nps_group, r.answers, r.linked, r.churn_rate])).toEqual([
      ['promoter', 3, 0, null],
      ['passive', 1, 0, null],
      ['detractor', 3, 0, null],
    ]);
  });

  it('the stand-in table has the columns of the canonical subscriptions table', async () => {
    const mapped = await startEngine();
    await mapFixture(mapped, SUBSCRIPTIONS, {
      kind: 'subscriptions',
      customerId: 'customer',
      startedAt: 'start',
      endedAt: 'end',
      mrr: 'mrr',
      segments: [],
    });
    const columns = mapped.queryRows<{ column_name: string; column_type: string }>('DESCRIBE subscriptions');
    expect(columns.map((c) => [c.column_name, c.column_type])).toEqual(
      SUBSCRIPTION_COLUMNS.map((c) => [...c]),
    );
  });

  it('compares later churn, revenue retention and CLV of each group, answer by answer', async () => {
    await mapFixture(engine, SUBSCRIPTIONS, {
      kind: 'subscriptions',
      customerId: 'customer',
      startedAt: 'start',
      endedAt: 'end',
      mrr: 'mrr',
      segments: [],
    });
    const rows = round(await runSql(engine, view, { ...base, as_of: '2024-12-01' }), 4);
    const pick = (r: Row) => [
      r.answers,
      r.linked,
      r.followed,
      r.churned,
      r.churn_rate,
      r.revenue_retention,
      r.mrr_at_answer,
      r.clv,
    ];
    // promoters: c1, c2 paying (c7 had left); c2 gone 90 days later: churn 1/2; MRR (100 + 0) / (100 + 50);
    // average MRR 75; monthly churn 1 - 0.5^(30.4375 / 90) = 0.208969, CLV 75 / 0.208969 = 358.9044
    expect(pick(rows[0])).toEqual([3, 2, 2, 1, 0.5, 0.6667, 75, 358.9044]);
    // passives: c5 has no subscription
    expect(pick(rows[1])).toEqual([1, 0, 0, 0, null, null, null, null]);
    // detractors: c3, c4, c6 paying; c6's 90 days are not over; c3 gone: churn 1/2; MRR (0 + 60) / (80 + 40);
    // average MRR (80 + 40 + 30) / 3 = 50, CLV 50 / 0.208969 = 239.2696
    expect(pick(rows[2])).toEqual([3, 3, 2, 1, 0.5, 0.5, 50, 239.2696]);
  });
});
