// Shopify's orders export: one row per line item. Name (#1001) is the order, Email the customer; order
// fields (Financial Status, Paid at, Subtotal, Total, the billing address) are written on the first line of
// an order only, so the amount is summed over lines (empty on the others: counted once) and a status on the
// first line decides for the whole order. Times carry their offset (2024-03-05 14:22:10 -0500).
// Partially refunded orders stay: the customer bought; refunded, voided and expired ones are left out.
import { defineShape } from '../shape';

export default defineShape({
  id: 'shopify-orders',
  kind: 'orders',
  docs: 'https://help.shopify.com/en/manual/fulfillment/managing-orders/exporting-orders',
  requires: [/^name$/, /^financial status$/, /^lineitem (quantity|name|price)$/],
  suggests: [
    /^email$/,
    /^paid at$/,
    /^fulfillment status$/,
    /^accepts marketing$/,
    /^subtotal$/,
    /^total$/,
    /^created at$/,
    /^billing country$/,
    /^shipping method$/,
    /^refunded amount$/,
  ],
  roles: {
    customerId: [/^email$/, /^customer email$/],
    orderedAt: [/^created at$/, /^paid at$/],
    orderId: [/^name$/],
    // items after discounts, before shipping and taxes; the total when there is no subtotal
    amount: [/^subtotal$/, /^total$/],
  },
  segments: [/^billing country$/, /^source$/],
  status: { headers: [/^financial status$/], exclude: /^(refunded|voided|expired)$/i },
  amountPerOrder: false,
});
