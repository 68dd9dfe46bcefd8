// The survey and cancellations source kinds: their columns are recognised from the headers real exports
// use (Typeform's question text and "Submit Date (UTC)", SurveyMonkey's, Chinese ones), and the canonical
// tables read scores, offers and outcomes as documented, on the real engine.
import { beforeAll, describe, expect, it } from 'vitest';
import { guessMapping, mappingProblems } from '../../src/data/mapping';
import type { ColumnInfo } from '../../src/engine/api';
import type { EngineSession } from '../../src/engine/session';
import { startEngine } from '../helpers/engine';
import { mapFixture } from '../helpers/analysis';

const cols = (spec: string): ColumnInfo[] =>
  spec.split('|').map((pair) => {
    const [name, type] = pair.split(':');
    return { name, type };
  });

let engine: EngineSession;
beforeAll(async () => {
  engine = await startEngine();
});

describe('survey: guessing', () => {
  it('reads a Typeform export: the question text is the score header, Submit Date (UTC) the time', () => {
    const columns = cols(
      '#:VARCHAR|How likely are you to recommend Acme to a friend or colleague?:BIGINT|What is the main reason for your score?:VARCHAR|customer_id:VARCHAR|Start Date (UTC):TIMESTAMP|Submit Date (UTC):TIMESTAMP|Network ID:VARCHAR',
    );
    expect(guessMapping('survey', 't', columns).roles).toEqual({
      customerId: 'customer_id',
      answeredAt: 'Submit Date (UTC)',
      score: 'How likely are you to recommend Acme to a friend or colleague?',
      comment: 'What is the main reason for your score?',
    });
  });

  it('reads a SurveyMonkey export (its second header row merged by the loader) and Chinese headers', () => {
    const monkey = cols(
      'Respondent ID:BIGINT|Collector ID:BIGINT|Start Date:TIMESTAMP|End Date:TIMESTAMP|Email Address:VARCHAR|How likely is it that you would recommend this company to a friend or colleague?:BIGINT|Why?:VARCHAR',
    );
    expect(guessMapping('survey', 'm', monkey).roles).toMatchObject({
      answeredAt: 'End Date',
      score: 'How likely is it that you would recommend this company to a friend or colleague?',
    });
    const chinese = cols('客户ID:VARCHAR|提交时间:TIMESTAMP|推荐意愿评分:BIGINT|意见:VARCHAR|地区:VARCHAR');
    expect(guessMapping('survey', 'c', chinese)).toMatchObject({
      roles: { customerId: '客户ID', answeredAt: '提交时间', score: '推荐意愿评分', comment: '意见' },
      segments: ['地区'],
    });
  });

  it('needs a time and a score, not a customer (an anonymous survey has an NPS too)', () => {
    const columns = cols('a:VARCHAR|b:VARCHAR');
    const problems = mappingProblems(guessMapping('survey', 'x', columns), columns);
    expect(problems.map((p) => [p.code, p.role])).toEqual([
      ['missing', 'answeredAt'],
      ['missing', 'score'],
    ]);
  });
});

describe('cancellations: guessing', () => {
  it('reads a cancel-flow export in English and in Chinese', () => {
    const english = cols(
      'customer_id:VARCHAR|cancelled_at:DATE|reason:VARCHAR|comment:VARCHAR|offer_shown:VARCHAR|offer_accepted:VARCHAR|outcome:VARCHAR|plan:VARCHAR',
    );
    expect(guessMapping('cancellations', 'e', english)).toMatchObject({
      roles: {
        customerId: 'customer_id',
        cancelledAt: 'cancelled_at',
        reason: 'reason',
        comment: 'comment',
        offer: 'offer_shown',
        offerAccepted: 'offer_accepted',
        outcome: 'outcome',
      },
      segments: ['plan'],
    });
    const chinese = cols(
      '用户ID:VARCHAR|取消时间:TIMESTAMP|取消原因:VARCHAR|补充说明:VARCHAR|挽留方案:VARCHAR',
    );
    expect(guessMapping('cancellations', 'c', chinese).roles).toEqual({
      customerId: '用户ID',
      cancelledAt: '取消时间',
      reason: '取消原因',
      comment: '补充说明',
      offer: '挽留方案',
    });
  });
});

describe('survey: the canonical table', () => {
  it('reads scores from numbers and from labelled text, keeps unreadable ones as NULL, drops rows without a time', async () => {
    const csv = `id,customer,when,score,comment
1,A,2024-01-05,10,Love it
2,,2024-01-06,0 - Not at all likely,
3,B,2024-01-07,7.5,half points do not exist
4,C,2024-01-08,11,out of range
5,D,,9,no time
6,E,2024-01-09,9分,不错
`;
    const report = await mapFixture(engine, csv, {
      kind: 'survey',
      customerId: 'customer',
      answeredAt: 'when',
      score: 'score',
      comment: 'comment',
      segments: [],
    });
    expect(report.rowsKept).toBe(5);
    expect(report.dropped.map((d) => [d.reason, d.rows])).toEqual([['noDate', 1]]);
    const rows = engine.queryRows<Record<string, unknown>>(
      'SELECT customer_id, score, score_text, comment FROM survey ORDER BY answered_at',
    );
    expect(rows).toEqual([
      { customer_id: 'A', score: 10, score_text: '10', comment: 'Love it' },
      { customer_id: null, score: 0, score_text: '0 - Not at all likely', comment: null },
      { customer_id: 'B', score: null, score_text: '7.5', comment: 'half points do not exist' },
      { customer_id: 'C', score: null, score_text: '11', comment: 'out of range' },
      { customer_id: 'E', score: 9, score_text: '9分', comment: '不错' },
    ]);
  });
});

describe('cancellations: the canonical table', () => {
  const csv = `customer,at,reason,offer,accepted,outcome
A,2024-02-01,Too expensive,Discount 20%,no,cancelled
B,2024-02-02,Missing a feature,pause 2 months,yes,paused
C,2024-02-03,太贵了,无,,已取消
D,2024-02-04,Switched,downgrade,yes,
E,2024-02-05,,,,
`;
  const mapping = {
    kind: 'cancellations' as const,
    customerId: 'customer',
    cancelledAt: 'at',
    reason: 'reason',
    offer: 'offer',
    offerAccepted: 'accepted',
    segments: [],
  };
  const read = () =>
    engine.queryRows<Record<string, unknown>>(
      'SELECT customer_id, reason, offer, offer_accepted, cancelled FROM cancellations ORDER BY cancelled_at',
    );

  it('names each offer with one word, and reads the outcome when there is one', async () => {
    await mapFixture(engine, csv, { ...mapping, outcome: 'outcome' });
    expect(read()).toEqual([
      {
        customer_id: 'A',
        reason: 'Too expensive',
        offer: 'discount',
        offer_accepted: false,
        cancelled: true,
      },
      {
        customer_id: 'B',
        reason: 'Missing a feature',
        offer: 'pause',
        offer_accepted: true,
        cancelled: false,
      },
      { customer_id: 'C', reason: '太贵了', offer: null, offer_accepted: null, cancelled: true },
      // no outcome written: unknown, not guessed
      { customer_id: 'D', reason: 'Switched', offer: 'downgrade', offer_accepted: true, cancelled: null },
      { customer_id: 'E', reason: null, offer: null, offer_accepted: null, cancelled: null },
    ]);
  });

  it('without an outcome column, a flow is a cancellation unless its offer was accepted', async () => {
    await mapFixture(engine, csv, mapping);
    expect(read().map((r) => [r.customer_id, r.cancelled])).toEqual([
      ['A', true],
      ['B', false],
      ['C', true],
      ['D', false],
      ['E', true],
    ]);
  });
});
