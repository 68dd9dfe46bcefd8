// Amazon Seller Central's order report (the tab-separated flat file of orders with buyer columns): one row
// per order item, grouped into orders by order-id; item-price is the price of the line (all its units),
// added up per order; times are ISO with an offset. The All Orders report has no buyer column, so it cannot
// say who came back: it is not this shape.
import { defineShape } from '../shape';

export default defineShape({
  id: 'amazon-order-report',
  kind: 'orders',
  docs: 'https://developer-docs.amazon.com/sp-api/docs/report-type-values-order',
  requires: [/^(amazon )?order id$/, /^order item id$/, /^purchase date$/, /^buyer (email|name)$/],
  suggests: [
    /^payments date$/,
    /^sku$/,
    /^product name$/,
    /^quantity purchased$/,
    /^currency$/,
    /^item price$/,
    /^item tax$/,
    /^shipping price$/,
    /^ship country$/,
    /^sales channel$/,
  ],
  roles: {
    customerId: [/^buyer email$/, /^buyer name$/],
    orderedAt: [/^purchase date$/, /^payments date$/],
    orderId: [/^(amazon )?order id$/],
    amount: [/^item price$/],
  },
  segments: [/^ship country$/, /^sales channel$/],
  status: { headers: [/^order status$/, /^item status$/], exclude: /^cancell?ed$/i },
});
