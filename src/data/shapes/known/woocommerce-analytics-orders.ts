// WooCommerce's own orders report (Analytics > Orders > Download): one row per order with its net sales.
// The customer is written by name only, so two customers of the same name are one here.
import { defineShape } from '../shape';

export default defineShape({
  id: 'woocommerce-analytics-orders',
  kind: 'orders',
  docs: 'https://woocommerce.com/document/woocommerce-analytics/orders-report/',
  requires: [/^order #$/, /^customer type$/, /^net sales$/],
  suggests: [/^date$/, /^status$/, /^customer$/, /^products?$/, /^items sold$/, /^coupons?$/],
  roles: {
    customerId: [/^customer$/],
    orderedAt: [/^date$/],
    orderId: [/^order #$/],
    amount: [/^net sales$/],
  },
  segments: [],
  status: { headers: [/^status$/], exclude: /^(cancell?ed|refunded|failed|pending( payment)?|draft)$/i },
});
