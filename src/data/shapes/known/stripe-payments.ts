// Stripe's payments export (Dashboard > Payments > Export): one row per charge. The customer is Customer
// ID (its email when there is none); the amount is Converted Amount, in the account's currency, so that
// charges in several currencies add up (Amount, in the charge's currency, when there is no converted
// column). Failed, refunded and canceled charges are left out.
import { centsWhenWhole, defineShape } from '../shape';

export default defineShape({
  id: 'stripe-payments',
  kind: 'orders',
  docs: 'https://docs.stripe.com/api/charges/object',
  requires: [
    /^amount refunded$/,
    /^captured$/,
    /^(converted currency|converted amount|card last4|statement descriptor)$/,
  ],
  suggests: [
    /^id$/,
    /^created$/,
    /^amount$/,
    /^currency$/,
    /^fee$/,
    /^mode$/,
    /^status$/,
    /^customer id$/,
    /^customer email$/,
    /^card brand$/,
    /^invoice id$/,
    /^seller message$/,
  ],
  roles: {
    customerId: [/^customer id$/, /^customer$/, /^customer email$/],
    orderedAt: [/^created$/, /^created date$/],
    orderId: [/^id$/],
    amount: { headers: [/^converted amount$/, /^amount$/], readAs: centsWhenWhole },
  },
  segments: [/^currency$/, /^card issue country$/],
  status: {
    headers: [/^status$/],
    exclude: /^(failed|refunded|canceled|cancelled|blocked|uncaptured|incomplete)$/i,
  },
});
