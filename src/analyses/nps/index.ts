// NPS (docs/metrics.md#nps): promoters, passives and detractors from survey answers, NPS with its 95%
// margin of error and interval, over time and by segment ("too few answers" below a minimum), the comments
// of each group beside the charts, and, where answers link to subscribed customers, the later churn,
// revenue retention and CLV of promoters, passives and detractors side by side.
import { chartOptions, defineAnalysis, type ChartContext } from '../define';
import { choice, date, integer } from '../params';
import { bool, date as day, num, text } from '../rows';
import { isoDay } from '../cohorts';
import { currencyParam } from '../revenue/money';
import { SUBSCRIPTIONS_IF_MISSING } from '../linked';
import { npsBySegment, npsOverTime, npsScores, NPS_GROUPS } from '../../charts/nps';
import npsSql from './nps.sql?raw';
import scoresSql from './nps_scores.sql?raw';
import commentsSql from './nps_comments.sql?raw';
import outcomesSql from './nps_outcomes.sql?raw';
import answersSql from './nps_answers.sql?raw';

function npsText(ctx: ChartContext): Record<string, string> {
  return {
    nps: ctx.t('nps.nps'),
    answers: ctx.t('nps.answers'),
    interval: ctx.t('nps.interval'),
    tooFew: ctx.t('nps.tooFewShort'),
    period: ctx.t('nps.period'),
    score: ctx.t('nps.score'),
    ...Object.fromEntries(NPS_GROUPS.map((g) => [`group.${g}`, ctx.t(`nps.groups.${g}`)])),
  };
}

export const nps = defineAnalysis({
  id: 'nps',
  position: 100,
  sources: { survey: { sql: npsSql, drill: answersSql } },
  params: [
    choice('grain', ['month', 'quarter', 'year'], 'quarter'),
    integer('min_answers', 30, { min: 1, max: 100_000 }),
    integer('follow_days', 180, { min: 7, max: 3650 }),
    currencyParam,
    date('as_of'),
  ],
  segment: 'breakdown',
  rows: {
    period: day.orNull,
    segment: text,
    answers: num,
    promoters: num,
    passives: num,
    detractors: num,
    promoter_share: num,
    passive_share: num,
    detractor_share: num,
    too_few: bool,
    nps: num.orNull,
    margin: num.orNull,
    ci_low: num.orNull,
    ci_high: num.orNull,
    complete: bool,
  },
  views: {
    scores: {
      sql: scoresSql,
      rows: { score: num.orNull, nps_group: text.orNull, answers: num, example: text.orNull },
    },
    comments: {
      sql: commentsSql,
      rows: {
        nps_group: text,
        answered_at: day,
        score: num,
        comment: text,
        customer_id: text.orNull,
        segment: text,
        comments: num,
      },
    },
    outcomes: {
      sql: outcomesSql,
      rows: {
        nps_group: text,
        answers: num,
        linked: num,
        followed: num,
        churned: num,
        churn_rate: num.orNull,
        revenue_retention: num.orNull,
        mrr_at_answer: num.orNull,
        clv: num.orNull,
        currency: text,
      },
    },
  },
  charts: [
    {
      id: 'npsOverTime',
      draw: ({ rows, params }, ctx) =>
        npsOverTime(
          rows.filter((r) => r.period !== null && r.segment === 'All'),
          chartOptions(ctx, params, npsText(ctx)),
        ),
      drill: ({ rows }, index) => {
        const point = rows.filter((r) => r.period !== null && r.segment === 'All')[index];
        return point ? { period: isoDay(point.period!), score: null, mark_segment: null } : null;
      },
    },
    {
      id: 'npsBySegment',
      applies: ({ rows }) => rows.some((r) => r.period === null && r.segment !== 'All'),
      draw: ({ rows, params }, ctx) =>
        npsBySegment(
          rows.filter((r) => r.period === null),
          chartOptions(ctx, params, npsText(ctx)),
        ),
      drill: ({ rows }, index) => {
        const point = rows.filter((r) => r.period === null)[index];
        if (!point) return null;
        return { period: null, score: null, mark_segment: point.segment === 'All' ? null : point.segment };
      },
    },
    {
      id: 'npsScores',
      draw: ({ views, params }, ctx) =>
        npsScores(
          views.scores.flatMap((s) =>
            s.score === null || s.nps_group === null
              ? []
              : [{ score: s.score, nps_group: s.nps_group, answers: s.answers }],
          ),
          chartOptions(ctx, params, npsText(ctx)),
        ),
      drill: ({ views }, index) => {
        const bar = views.scores.filter((s) => s.score !== null)[index];
        return bar ? { period: null, score: bar.score, mark_segment: null } : null;
      },
    },
  ],
  panels: ({ rows, views, params }) => {
    const unread = views.scores.find((s) => s.score === null);
    return [
      {
        kind: 'npsSummary' as const,
        summary: {
          overall: rows.find((r) => r.period === null && r.segment === 'All') ?? null,
          unreadable: { answers: unread?.answers ?? 0, example: unread?.example ?? null },
          minAnswers: Number(params.min_answers),
        },
      },
      { kind: 'npsComments' as const, comments: views.comments },
      {
        kind: 'npsOutcomes' as const,
        outcomes: { rows: views.outcomes, followDays: Number(params.follow_days) },
      },
    ];
  },
  // answers link to subscriptions when there are some; an empty table until then
  afterMapping: { survey: SUBSCRIPTIONS_IF_MISSING },
  linked: ['subscriptions'],
  docs: 'nps',
});

export default nps;
