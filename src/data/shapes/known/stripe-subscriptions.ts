// Stripe's subscriptions export (Dashboard > Subscriptions > Export, or the same fields from Sigma or the
// API): one row per subscription, with its price per billing interval. A subscription runs from its start to
// Ended At (Canceled At is when the cancellation was asked for). Dashboard amounts are decimals; whole
// numbers in an API-style layout (amount, plan_amount) are cents. Subscriptions that never started
// (incomplete, incomplete_expired) are left out; canceled ones are the churn and stay.
import { centsWhenWhole, defineShape } from '../shape';

export default defineShape({
  id: 'stripe-subscriptions',
  kind: 'subscriptions',
  docs: 'https://docs.stripe.com/api/subscriptions/object',
  requires: [
    /^current period start$/,
    /^current period end$/,
    /^(cancel at period end|canceled at|ended at)$/,
  ],
  suggests: [
    /^customer id$/,
    /^customer email$/,
    /^plan$/,
    /^product$/,
    /^interval$/,
    /^amount$/,
    /^status$/,
    /^start date$/,
    /^ended at$/,
    /^canceled at$/,
    /^trial (start|end)$/,
  ],
  roles: {
    customerId: [/^customer id$/, /^customer$/, /^customer email$/],
    startedAt: [/^start date$/, /^start$/, /^created$/],
    endedAt: [/^ended at$/],
    periodAmount: {
      headers: [/^amount$/, /^(plan|price) amount$/, /^unit amount$/],
      readAs: centsWhenWhole,
    },
    interval: [/^interval$/, /^(plan|price) interval$/, /^recurring interval$/],
    intervalCount: [/^interval count$/, /^(plan|price) interval count$/],
    currency: [/^currency$/, /^plan currency$/],
    plan: [/^plan$/, /^plan nickname$/, /^product$/, /^plan id$/, /^price id$/],
    reason: [/^cancellation reason$/, /^cancellation details reason$/],
  },
  segments: [/^product$/, /^customer country$/],
  status: { headers: [/^status$/], exclude: /^incomplete([ _]expired)?$/i },
});
