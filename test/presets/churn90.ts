// The preset of the committed v1 link (test/fixtures/preset-v1.txt): a 90-day churn definition, as the app
// holds it (the link's JSON carries each mapping's roles as fields of the mapping: see presetJson).
import type { Preset } from '../../src/presets/preset';

export const churn90: Preset = {
  v: 1,
  title: 'Our 90-day churn',
  description: '客户流失：90 天无订单',
  analysis: 'churn',
  source: 'orders',
  params: { window_days: 90, as_of: null },
  segment: { column: 'country', value: null },
  mappings: [
    {
      kind: 'orders',
      roles: {
        customerId: 'customer_id',
        orderedAt: 'ordered_at',
        orderId: 'order_id',
        quantity: 'quantity',
        unitPrice: 'unit_price',
      },
      segments: ['country'],
      filter: { column: 'status', exclude: ['refunded'] },
      columns: [
        { name: 'order_id', type: 'VARCHAR' },
        { name: 'customer_id', type: 'VARCHAR' },
        { name: 'ordered_at', type: 'TIMESTAMP' },
        { name: 'quantity', type: 'BIGINT' },
        { name: 'unit_price', type: 'DOUBLE' },
        { name: 'country', type: 'VARCHAR' },
        { name: 'status', type: 'VARCHAR' },
      ],
    },
  ],
};
