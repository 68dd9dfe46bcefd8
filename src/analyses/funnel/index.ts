// The cancellation funnel (docs/metrics.md#cancellation-funnel), where a cancellations export has the
// columns for it: flows started, retention offers shown (pause, discount, downgrade) and accepted, saves
// and cancellations; the save rate by offer and by reason (saved = still subscribed 30 days after the
// flow, as Chargebee Retention counts, when subscriptions are mapped; else the export's outcome); and the
// later churn of the customers saved.
import { chartOptions, defineAnalysis, type ChartContext } from '../define';
import { date, integer } from '../params';
import { num, text } from '../rows';
import { splice, sqlParts } from '../bind';
import { SUBSCRIPTIONS_IF_MISSING } from '../linked';
import { reasonLabel } from '../reasons/present';
import { reasonRulesParam } from '../reasons';
import { funnelStages, rateBars } from '../../charts/funnel';
import { offerBars, STAGES, stageBars } from './present';
import flowsSql from './flows_parts.sql?raw';
import reasonsParts from '../reasons/reasons_parts.sql?raw';
import funnelSql from './funnel.sql?raw';
import reasonsSql from './funnel_reasons.sql?raw';
import drillSql from './funnel_flows.sql?raw';

const parts = { flows: sqlParts(flowsSql).flows, classified: sqlParts(reasonsParts).classified };

function funnelText(ctx: ChartContext): Record<string, string> {
  return { flows: ctx.t('funnel.flows'), rate: ctx.t('funnel.saveRate') };
}

const drill = (values: Record<string, string | null>) => ({
  offer: null,
  stage: null,
  classification: null,
  category: null,
  ...values,
});

export const funnel = defineAnalysis({
  id: 'funnel',
  position: 38,
  sources: { cancellations: { sql: splice(funnelSql, parts), drill: splice(drillSql, parts) } },
  params: [
    integer('save_days', 30, { min: 1, max: 365 }),
    integer('later_days', 180, { min: 7, max: 3650 }),
    reasonRulesParam,
    date('as_of'),
  ],
  segment: 'none',
  rows: {
    offer: text,
    flows: num,
    offered: num,
    accepted: num,
    cancelled: num,
    judged: num,
    saved: num,
    save_rate: num.orNull,
    accept_rate: num.orNull,
    saved_followed: num,
    saved_churned_later: num,
    later_churn_rate: num.orNull,
    basis: text,
  },
  views: {
    reasons: {
      sql: splice(reasonsSql, parts),
      rows: {
        classification: text,
        category: text.orNull,
        flows: num,
        offered: num,
        accepted: num,
        judged: num,
        saved: num,
        save_rate: num.orNull,
      },
    },
  },
  charts: [
    {
      id: 'cancelFunnel',
      draw: ({ rows, params }, ctx) =>
        funnelStages(
          stageBars(
            rows.find((r) => r.offer === 'All'),
            ctx.t,
          ),
          chartOptions(ctx, params, funnelText(ctx)),
        ),
      drill: (_, index) => (STAGES[index] ? drill({ stage: STAGES[index] }) : null),
    },
    {
      id: 'saveByOffer',
      draw: ({ rows, params }, ctx) =>
        rateBars(offerBars(rows, ctx.t), chartOptions(ctx, params, funnelText(ctx))),
      drill: ({ rows }, index) => {
        const row = rows.filter((r) => r.offer !== 'All')[index];
        return row ? drill({ offer: row.offer, stage: 'saved' }) : null;
      },
    },
    {
      id: 'saveByReason',
      draw: ({ views, params }, ctx) =>
        rateBars(
          views.reasons.map((r) => ({ label: reasonLabel(r, ctx.t), value: r.save_rate, base: r.judged })),
          chartOptions(ctx, params, funnelText(ctx)),
        ),
      drill: ({ views }, index) => {
        const row = views.reasons[index];
        return row
          ? drill({ classification: row.classification, category: row.category, stage: 'saved' })
          : null;
      },
    },
  ],
  panels: ({ rows, params }) => {
    const all = rows.find((r) => r.offer === 'All');
    return all
      ? [
          {
            kind: 'funnelSummary' as const,
            summary: { all, saveDays: Number(params.save_days), laterDays: Number(params.later_days) },
          },
        ]
      : [];
  },
  afterMapping: { cancellations: SUBSCRIPTIONS_IF_MISSING },
  linked: ['subscriptions'],
  docs: 'cancellation-funnel',
});

export default funnel;
