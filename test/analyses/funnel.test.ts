// The cancellation funnel on a hand-computed fixture, on the real engine: stages, save rate by offer and by
// reason with the Chargebee numerator (still subscribed 30 days after the flow) when subscriptions are
// mapped and the export's outcome when not, and the later churn of the customers saved.
import { beforeAll, describe, expect, it } from 'vitest';
import { funnel } from '../../src/analyses/funnel';
import { DEFAULT_REASON_RULES, encodeReasonRules } from '../../src/analyses/reasons/rules';
import { SUBSCRIPTIONS_IF_MISSING } from '../../src/analyses/linked';
import { startEngine } from '../helpers/engine';
import { mapFixture, round, runSql, type Row } from '../helpers/analysis';
import type { EngineSession } from '../../src/engine/session';

// data end 2024-09-01; saved = a subscription 30 days after the flow; later churn = none 180 days after
//   F1 flow Mar 1, discount accepted; subscribed Apr (saved) and Aug 28 (stays)
//   F2 flow Mar 5, pause declined, cancelled; subscription ended Mar 10: not saved
//   F3 flow Mar 1, discount accepted; subscribed to Jun 1: saved, gone by Aug 28 (churned later)
//   F4 flow Feb 10, no offer, cancelled; ended Feb 15: not saved
//   F5 flow Apr 1, downgrade accepted; running: saved; its 180 days are not over
//   F6 flow Aug 15, pause accepted; its 30 days are not over: not judged yet
const SUBSCRIPTIONS = `customer,start,end,mrr
F1,2024-01-01,,100
F2,2024-01-01,2024-03-10,50
F3,2024-01-01,2024-06-01,80
F4,2024-01-01,2024-02-15,40
F5,2024-01-01,,30
F6,2024-01-01,2024-08-20,20
`;
const CANCELLATIONS = `customer,at,reason,offer,accepted,outcome
F1,2024-03-01,Too expensive,20% discount,yes,saved
F2,2024-03-05,Missing features,Pause 2 months,no,cancelled
F3,2024-03-01,price,discount,yes,saved
F4,2024-02-10,,,,cancelled
F5,2024-04-01,太贵,downgrade to Starter,yes,downgraded
F6,2024-08-15,暂时不用,pause,yes,paused
`;
const base = {
  save_days: 30,
  later_days: 180,
  reason_rules: encodeReasonRules(DEFAULT_REASON_RULES),
  as_of: '2024-09-01',
};
const mapping = {
  kind: 'cancellations' as const,
  customerId: 'customer',
  cancelledAt: 'at',
  reason: 'reason',
  offer: 'offer',
  offerAccepted: 'accepted',
  outcome: 'outcome',
  segments: [],
};
let engine: EngineSession;
beforeAll(async () => {
  engine = await startEngine();
  await mapFixture(engine, SUBSCRIPTIONS, {
    kind: 'subscriptions',
    customerId: 'customer',
    startedAt: 'start',
    endedAt: 'end',
    mrr: 'mrr',
    segments: [],
  });
  await mapFixture(engine, CANCELLATIONS, mapping);
});

const pick = (r: Row) => [
  r.offer,
  r.flows,
  r.offered,
  r.accepted,
  r.cancelled,
  r.judged,
  r.saved,
  r.save_rate,
  r.accept_rate,
  r.saved_followed,
  r.saved_churned_later,
  r.later_churn_rate,
];

describe('cancellation funnel', () => {
  it('counts the stages and the save rate by offer, saves counted as still subscribed 30 days later', async () => {
    const rows = round(await runSql(engine, funnel.sources.cancellations!.sql, base), 6);
    expect(rows.map(pick)).toEqual([
      // offer   flows offered accepted cancelled judged saved save  accept followed later rate
      ['All', 6, 5, 4, 2, 5, 3, 0.6, 0.8, 2, 1, 0.5],
      ['discount', 2, 2, 2, 0, 2, 2, 1, 1, 2, 1, 0.5],
      ['pause', 2, 2, 1, 1, 1, 0, 0, 0.5, 0, 0, null],
      ['downgrade', 1, 1, 1, 0, 1, 1, 1, 1, 0, 0, null],
      ['none', 1, 0, 0, 1, 1, 0, 0, null, 0, 0, null],
    ]);
    expect(rows.every((r) => r.basis === 'subscribed')).toBe(true);
  });

  it('gives the save rate by reason', async () => {
    const view = funnel.views.find((v) => v.id === 'reasons')!.sql;
    const rows = round(await runSql(engine, view, base), 6);
    // Price: F1, F3 and F5 (太贵), all saved; Missing feature F2 and no reason F4, not saved; F6 not judged
    expect(
      rows.map((r) => [r.category ?? r.classification, r.flows, r.judged, r.saved, r.save_rate]),
    ).toEqual([
      ['Price', 3, 3, 3, 1],
      ['Missing feature', 1, 1, 0, 0],
      ['Temporary (pause)', 1, 0, 0, null],
      ['noReason', 1, 1, 0, 0],
    ]);
  });

  it('counts saves by the outcome when there are no subscriptions, and says so', async () => {
    const alone = await startEngine();
    await mapFixture(alone, CANCELLATIONS, mapping);
    alone.queryRows(SUBSCRIPTIONS_IF_MISSING);
    const rows = round(await runSql(alone, funnel.sources.cancellations!.sql, base), 6);
    const all = rows.find((r) => r.offer === 'All')!;
    // saved = not cancelled: F1, F3, F5, F6 of 6
    expect([all.judged, all.saved, all.save_rate, all.basis]).toEqual([6, 4, 0.666667, 'outcome']);
  });

  it('lists the flows behind a stage', async () => {
    const drill = funnel.sources.cancellations!.drill!;
    const saved = await runSql(engine, drill, {
      ...base,
      offer: null,
      stage: 'saved',
      classification: null,
      category: null,
    });
    expect(saved.map((r) => r.customer_id).sort()).toEqual(['F1', 'F3', 'F5']);
    const later = await runSql(engine, drill, {
      ...base,
      offer: 'discount',
      stage: 'churnedLater',
      classification: null,
      category: null,
    });
    expect(later.map((r) => r.customer_id)).toEqual(['F3']);
  });
});
