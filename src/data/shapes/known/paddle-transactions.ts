// Paddle Billing transactions, with the fields of Paddle's transaction entity flattened
// (details.totals.grand_total...): one row per transaction, read as one purchase each when billed. Money in
// Paddle's API is written in the currency's lowest unit, so whole numbers are read as cents. Drafts, ready
// (not yet billed), canceled and past-due transactions are left out.
import { centsWhenWhole, defineShape } from '../shape';

export default defineShape({
  id: 'paddle-transactions',
  kind: 'orders',
  docs: 'https://developer.paddle.com/api-reference/transactions/overview',
  requires: [/^origin$/, /^billed at$/, /^customer id$/, /^(details )?totals (grand total|total)$/],
  suggests: [
    /^id$/,
    /^status$/,
    /^subscription id$/,
    /^invoice number$/,
    /^currency code$/,
    /^collection mode$/,
    /^created at$/,
    /^(details )?totals (subtotal|tax|discount)$/,
  ],
  roles: {
    customerId: [/^customer id$/, /^customer email$/],
    orderedAt: [/^billed at$/, /^created at$/],
    orderId: [/^id$/, /^transaction id$/],
    amount: {
      headers: [/^(details )?totals grand total$/, /^(details )?totals total$/],
      readAs: centsWhenWhole,
    },
  },
  segments: [/^origin$/, /^currency code$/],
  status: { headers: [/^status$/], exclude: /^(draft|ready|canceled|cancelled|past[_ ]due)$/i },
});
