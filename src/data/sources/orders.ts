// Orders (purchases): who bought, when, for how much. Line items sharing an order id become one order.
import { defineSource } from './source';
import { AMOUNT_NAMES, customerIdRole } from './common';
import { double, text, timestamp } from './expressions';
import byOrderSql from './orders_by_order.sql?raw';
import byRowSql from './orders_by_row.sql?raw';

export const orders = defineSource({
  kind: 'orders',
  roles: [
    customerIdRole,
    {
      id: 'orderedAt',
      required: true,
      accepts: 'temporal',
      byType: true,
      names: [
        /^(order|invoice|purchase|transaction|created|payment)[ _-]?(date|time|at|datetime|timestamp)$/i,
        /^(ordered|purchased|created|paid)[ _-]?(at|on)$/i,
        /^invoicedate$|^date$|^datetime$|^timestamp$/i,
        /(下单|订单|购买|交易|支付)(日期|时间)|^日期$|^时间$/,
      ],
    },
    {
      id: 'orderId',
      required: false,
      accepts: 'any',
      names: [
        /^(order|invoice|transaction|receipt)[ _-]?(id|no|number)$/i,
        /^invoiceno$/i,
        /订单(号|编号|id)|交易(号|编号)/i,
      ],
    },
    {
      id: 'amount',
      required: false,
      accepts: 'numeric',
      names: AMOUNT_NAMES,
    },
    {
      id: 'quantity',
      required: false,
      accepts: 'numeric',
      names: [/^(quantity|qty|units|count)$/i, /数量|件数/],
    },
    {
      id: 'unitPrice',
      required: false,
      accepts: 'numeric',
      names: [/^(unit[ _-]?price|price|unitprice|item_price)$/i, /单价|价格/],
    },
    { id: 'cost', required: false, accepts: 'numeric', names: [/^(unit[ _-]?cost|cost|cogs)$/i, /成本/] },
  ],
  template({ roles }) {
    const revenue = roles.amount
      ? double(roles.amount)
      : roles.quantity && roles.unitPrice
        ? `${double(roles.quantity)} * ${double(roles.unitPrice)}`
        : 'NULL::DOUBLE';
    // a cost is per unit when there is a quantity, else per row
    const cost = roles.cost
      ? roles.quantity
        ? `${double(roles.quantity)} * ${double(roles.cost)}`
        : double(roles.cost)
      : 'NULL::DOUBLE';
    return {
      sql: roles.orderId ? byOrderSql : byRowSql,
      fragments: {
        ...(roles.orderId ? { order_id: text(roles.orderId) } : {}),
        customer_id: text(roles.customerId),
        ordered_at: timestamp(roles.orderedAt),
        revenue,
        cost,
      },
    };
  },
  problems({ roles }) {
    // revenue from quantity x unit price needs both (a revenue column needs neither)
    if (!roles.amount && Boolean(roles.quantity) !== Boolean(roles.unitPrice)) {
      return [{ code: 'needBoth', role: roles.quantity ? 'unitPrice' : 'quantity' }];
    }
    return [];
  },
  refineGuess(mapping) {
    // a line total and a unit price: the total wins; quantity stays for the cost
    if (mapping.roles.amount && mapping.roles.unitPrice) {
      const { unitPrice: _dropped, ...roles } = mapping.roles;
      return { ...mapping, roles };
    }
    return mapping;
  },
  proposesFilter: true,
  docs: 'the-column-mapping',
});
