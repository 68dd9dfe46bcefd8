// Square's transactions export (Dashboard > Transactions > Export > Transactions CSV): one row per payment
// or refund, amounts written as money text ($1,234.50, -$3.00), the date and the time in their own columns.
// Many payments have no customer attached: those rows are counted as left out for having none. Refund
// rows are left out (the payment they refund stays a purchase).
import { defineShape } from '../shape';

export default defineShape({
  id: 'square-transactions',
  kind: 'orders',
  docs: 'https://squareup.com/help/us/en/article/5072-summaries-and-reports-from-the-online-square-dashboard',
  requires: [/^gross sales$/, /^net sales$/, /^total collected$/, /^transaction id$/],
  suggests: [
    /^date$/,
    /^time$/,
    /^time zone$/,
    /^tip$/,
    /^fees$/,
    /^net total$/,
    /^payment id$/,
    /^event type$/,
    /^location$/,
    /^customer (id|name|reference id)$/,
  ],
  roles: {
    customerId: [/^customer id$/, /^customer reference id$/, /^customer name$/],
    orderedAt: [/^date$/],
    orderId: [/^transaction id$/, /^payment id$/],
    amount: [/^net sales$/, /^gross sales$/],
  },
  segments: [/^location$/, /^source$/, /^dining option$/, /^channel$/],
  status: { headers: [/^event type$/], exclude: /^refund$/i },
});
