// Square's item sales export (Dashboard > Items > Export): one row per item sold, grouped into sales by
// Transaction ID, each line's net sales added up. Refund lines are left out, with the sale they belong to
// when they share its transaction.
import { defineShape } from '../shape';

export default defineShape({
  id: 'square-item-sales',
  kind: 'orders',
  docs: 'https://squareup.com/help/us/en/article/5072-summaries-and-reports-from-the-online-square-dashboard',
  requires: [/^item$/, /^qty$/, /^gross sales$/, /^net sales$/, /^transaction id$/],
  suggests: [
    /^date$/,
    /^time$/,
    /^category$/,
    /^price point name$/,
    /^sku$/,
    /^modifiers applied$/,
    /^event type$/,
    /^location$/,
    /^customer (id|name|reference id)$/,
    /^itemization type$/,
  ],
  roles: {
    customerId: [/^customer id$/, /^customer reference id$/, /^customer name$/],
    orderedAt: [/^date$/],
    orderId: [/^transaction id$/, /^payment id$/],
    amount: [/^net sales$/, /^gross sales$/],
  },
  segments: [/^location$/, /^dining option$/],
  status: { headers: [/^event type$/], exclude: /^refund$/i },
});
