// Subscriptions: who paid how much per month, from when to when, on which plan, and why they left.
import { defineSource } from './source';
import { AMOUNT_NAMES, customerIdRole } from './common';
import { double, text, timestamp, trimmedText } from './expressions';
import sql from './subscriptions.sql?raw';

export const subscriptions = defineSource({
  kind: 'subscriptions',
  roles: [
    customerIdRole,
    {
      id: 'startedAt',
      required: true,
      accepts: 'temporal',
      byType: true,
      names: [
        /^(start|started|subscription_start|begin|signup|created)[ _-]?(date|at|on)?$/i,
        /开始(日期|时间)|订阅(日期|时间)|注册(日期|时间)/,
      ],
    },
    {
      id: 'endedAt',
      required: false,
      accepts: 'temporal',
      names: [
        /^(end|ended|cancel(l)?ed|churn(ed)?|stop(ped)?)[ _-]?(date|at|on)$/i,
        /^ended_at$/i,
        /结束(日期|时间)|取消(日期|时间)|流失(日期|时间)/,
      ],
    },
    {
      id: 'mrr',
      required: false,
      accepts: 'numeric',
      names: [
        /^(mrr|monthly[ _-]?(revenue|charges?|fee|amount))$/i,
        /^monthlycharges$/i,
        /月(收入|费用|付费)|月度/,
        // an amount column when there is no MRR column
        ...AMOUNT_NAMES,
      ],
    },
    {
      id: 'plan',
      required: false,
      accepts: 'any',
      names: [/^(plan|tier|product|package|contract)$/i, /套餐|方案|计划/],
    },
    {
      id: 'reason',
      required: false,
      accepts: 'any',
      names: [/(cancel(l)?ation|churn)[ _-]?reason|^reason$/i, /原因/],
    },
  ],
  template({ roles }) {
    return {
      sql,
      fragments: {
        customer_id: text(roles.customerId),
        started_at: timestamp(roles.startedAt),
        ended_at: timestamp(roles.endedAt),
        mrr: double(roles.mrr),
        plan: text(roles.plan),
        reason: trimmedText(roles.reason),
      },
    };
  },
  refineGuess(mapping) {
    // the plan is the breakdown people ask for first
    const plan = mapping.roles.plan;
    return plan ? { ...mapping, segments: [plan, ...mapping.segments.filter((s) => s !== plan)] } : mapping;
  },
  docs: 'the-column-mapping',
});
