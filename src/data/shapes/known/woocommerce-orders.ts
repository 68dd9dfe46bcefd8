// A WooCommerce orders export from the order export extensions (the Customer/Order CSV Export default
// layout writes one row per line item, WebToffee's one row per order): order_total is the order's total,
// written again on every line of the order, so it is counted once per order. The customer is the billing
// email: customer_id is 0 for guest checkouts. Pending (unpaid), failed, cancelled, refunded, draft and
// trashed orders are left out.
import { defineShape } from '../shape';

export default defineShape({
  id: 'woocommerce-orders',
  kind: 'orders',
  docs: 'https://woocommerce.com/document/ordercustomer-csv-exporter/',
  requires: [/^order id$/, /^order date$/, /^order total$/, /^billing email$/],
  suggests: [
    /^order number$/,
    /^status$/,
    /^order currency$/,
    /^shipping total$/,
    /^discount total$/,
    /^cart discount$/,
    /^customer id$/,
    /^billing country$/,
    /^payment method$/,
    /^item (name|sku|quantity|total)$/,
    /^line item 1$/,
  ],
  roles: {
    customerId: [/^billing email$/, /^customer email$/, /^customer id$/],
    orderedAt: [/^order date$/, /^paid date$/],
    orderId: [/^order id$/, /^order number$/],
    amount: [/^order total$/],
  },
  segments: [/^billing country$/, /^payment method title$/],
  status: {
    headers: [/^status$/, /^order status$/],
    exclude: /^(wc-)?(cancell?ed|refunded|failed|pending|checkout-draft|trash)$/i,
  },
  amountPerOrder: true,
});
