// Chargebee's subscriptions, as its data export writes them (subscription.id, subscription.customer_id,
// subscription.mrr...; the same fields written subscription[plan_id] read alike) or as its subscriptions
// report titles them (Current Plan, Canceled On...). A subscription runs from its start to cancelled_at;
// MRR when the export has it, else the plan's unit price per billing period. Whole-number money is in
// cents, as Chargebee's API writes it. Future and transferred subscriptions are left out.
import { centsWhenWhole, defineShape } from '../shape';

export default defineShape({
  id: 'chargebee-subscriptions',
  kind: 'subscriptions',
  docs: 'https://apidocs.chargebee.com/docs/api/subscriptions',
  requires: [
    /^(subscription )?current term (start|end)$|^current billing term (start|end) date$/,
    /^(subscription )?customer id$/,
    /^(subscription )?status$/,
  ],
  suggests: [
    /^(subscription )?plan (id|quantity|unit price)$/,
    /^(subscription )?billing period( unit)?$/,
    /^(subscription )?currency code$/,
    /^(subscription )?(activated|started|cancelled|created) at$/,
    /^(subscription )?cancel reason$/,
    /^(subscription )?mrr$/,
    /^customer email$/,
    /^current plan$/,
    /^canceled on$/,
  ],
  roles: {
    customerId: [/^(subscription )?customer id$/, /^customer email$/, /^email$/],
    startedAt: [
      /^(subscription )?started at$/,
      /^(subscription )?activated at$/,
      /^activated on$/,
      /^(subscription )?created at$/,
      /^created on$/,
    ],
    endedAt: [/^(subscription )?cancell?ed at$/, /^cancell?ed on$/],
    mrr: { headers: [/^(subscription )?mrr$/], readAs: centsWhenWhole },
    periodAmount: {
      headers: [/^(subscription )?plan unit price$/, /^(subscription )?plan amount$/],
      readAs: centsWhenWhole,
    },
    interval: [/^(subscription )?billing period unit$/, /^subscription billing period$/],
    intervalCount: [/^(subscription )?billing period$/],
    currency: [/^(subscription )?currency code$/, /^currency$/],
    plan: [/^(subscription )?plan id$/, /^current plan$/, /^(subscription )?plan name$/],
    reason: [/^(subscription )?cancel reason$/, /^(subscription )?cancel reason code$/, /^reason code$/],
  },
  segments: [/^(customer )?(billing address )?country$/],
  status: { headers: [/^(subscription )?status$/], exclude: /^(future|transferred)$/i },
});
