// A WooCommerce orders export from the order export extensions (the Customer/Order CSV Export default
// layout writes one row per line item, WebToffee's one row per order, Advanced Order Export's "Order Total
// Amount" and "Email (Billing)"): the order's total is written again on every line of the order, so it is
// counted once per order. The customer is the billing email: customer_id is 0 for guest checkouts.
// Pending (unpaid), failed, cancelled, refunded, draft and trashed orders are left out.
import { defineShape } from '../shape';

export default defineShape({
  id: 'woocommerce-orders',
  kind: 'orders',
  docs: 'https://woocommerce.com/document/ordercustomer-csv-exporter/',
  requires: [
    /^order (id|number)$/,
    /^order date$/,
    /^order total( amount)?$/,
    // what WooCommerce's order fields are called, in all three layouts
    /^(cart discount( amount)?|shipping total|order shipping( amount)?|order currency|payment method title)$/,
  ],
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
    // "Email (Billing)" reads as "email"
    customerId: [/^billing email$/, /^email$/, /^customer email$/, /^customer (user )?id$/],
    orderedAt: [/^order date$/, /^paid date$/],
    orderId: [/^order id$/, /^order number$/],
    amount: [/^order total( amount)?$/],
  },
  segments: [/^billing country$/, /^payment method title$/],
  status: {
    headers: [/^status$/, /^order status$/],
    exclude: /^(wc-)?(cancell?ed|refunded|failed|pending|checkout-draft|trash)$/i,
  },
  amountPerOrder: true,
});
