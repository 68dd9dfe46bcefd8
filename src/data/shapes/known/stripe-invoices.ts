// Stripe's invoices export (Dashboard > Invoices > Export): one row per invoice, read as one purchase each
// on its date, for the amount paid. It is not read as billing periods: an invoice's Period Start and Period
// End look back one period for a subscription invoice (the first invoice's period is empty), and the export
// has no billing interval; the subscriptions export gives MRR. Drafts, open, void and uncollectible invoices
// are left out (nothing was paid).
import { centsWhenWhole, defineShape } from '../shape';

export default defineShape({
  id: 'stripe-invoices',
  kind: 'orders',
  docs: 'https://docs.stripe.com/api/invoices/object',
  requires: [/^amount due$/, /^amount paid$/, /^amount remaining$/],
  suggests: [
    /^id$/,
    /^number$/,
    /^customer$/,
    /^customer email$/,
    /^date$/,
    /^status$/,
    /^subscription$/,
    /^subtotal$/,
    /^total$/,
    /^period (start|end)$/,
    /^billing reason$/,
    /^attempt count$/,
  ],
  roles: {
    customerId: [/^customer$/, /^customer id$/, /^customer email$/],
    orderedAt: [/^date$/, /^paid at$/, /^finalized at$/, /^created$/],
    // a draft has no number yet
    orderId: [/^id$/, /^number$/],
    amount: { headers: [/^amount paid$/, /^total$/], readAs: centsWhenWhole },
  },
  segments: [/^currency$/],
  status: { headers: [/^status$/], exclude: /^(draft|open|void|uncollectible|deleted)$/i },
});
