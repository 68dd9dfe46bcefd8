// QuickBooks Online's Sales by Customer Detail report exported to CSV (the title block above the header is
// skipped when the file is read): one row per transaction line, Num grouping the lines of an invoice or
// sales receipt, Amount per line. Credit memos, refund receipts, estimates and delayed charges are not
// sales and are left out.
import { defineShape } from '../shape';

export default defineShape({
  id: 'quickbooks-sales-by-customer',
  kind: 'orders',
  docs: 'https://quickbooks.intuit.com/learn-support/en-us/help-article/sales-reports/run-sales-customer-detail-report-quickbooks-online/L6iU7cgbB_US_en_US',
  requires: [/^transaction type$/, /^num$/, /^(customer|customer full name|name)$/, /^amount$/],
  suggests: [
    /^date$/,
    /^memo description$/,
    /^product service$/,
    /^qty$/,
    /^sales price$/,
    /^balance$/,
    /^class$/,
    /^location$/,
  ],
  roles: {
    customerId: [/^customer$/, /^customer full name$/, /^name$/],
    orderedAt: [/^date$/, /^transaction date$/],
    orderId: [/^num$/],
    amount: [/^amount$/],
  },
  segments: [/^class$/, /^location$/],
  status: {
    headers: [/^transaction type$/],
    exclude: /^(credit memo|refund receipt|refund|estimate|delayed charge|delayed credit)$/i,
  },
});
