// Orders (purchases): who bought, when, for how much. Line items sharing an order id become one order.
import { defineSource } from './source';
import { AMOUNT_NAMES, customerIdRole } from './common';
import { double, raw, timestamp, trimmedText } from './expressions';
import linesSql from './orders_lines.sql?raw';
import groupsSql from './orders_groups.sql?raw';

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
        // German, Spanish and French: Bestelldatum, Datum, fecha de pedido, date de commande
        /^(bestell|rechnungs|auftrags|kauf|beleg)?datum$|^fecha([ _-]?de)?([ _-]?(pedido|compra|venta))?$|^date[ _-]?(de[ _-]?)?(commande|facture|vente)$/i,
      ],
    },
    {
      id: 'orderId',
      required: false,
      accepts: 'any',
      names: [
        /^(order|invoice|transaction|receipt)[ _-]?(id|no|number)$/i,
        /^invoiceno$/i,
        // point-of-sale dumps: TXN_ID, TRX_NO
        /^(txn|trx|trans)[ _-]?(id|no|num|number)$/i,
        /订单(号|编号|id)|交易(号|编号)/i,
        /^(bestell|auftrags|rechnungs|beleg)[ _-]?(nr|nummer)$|^bestellnummer$|^n[uú]mero[ _-]?de[ _-]?pedido$|^num[eé]ro[ _-]?de[ _-]?commande$/i,
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
  stages({ roles, readAs = {}, amountPerOrder }) {
    const number = (role: string) => double(roles[role], readAs[role]);
    const revenue = roles.amount
      ? number('amount')
      : roles.quantity && roles.unitPrice
        ? `${number('quantity')} * ${number('unitPrice')}`
        : 'NULL::DOUBLE';
    // a cost is per unit when there is a quantity, else per row
    const cost = roles.cost
      ? roles.quantity
        ? `${number('quantity')} * ${number('cost')}`
        : number('cost')
      : 'NULL::DOUBLE';
    const grouped = Boolean(roles.orderId);
    return {
      lines: linesSql,
      groups: grouped ? groupsSql : undefined,
      // without an order id each line is an order, numbered in file order
      select: grouped
        ? 'order_id, customer_id, ordered_at, amount, cost, lines'
        : 'tenure_line::VARCHAR AS order_id, customer_id, ordered_at, amount, cost, 1 AS lines',
      fragments: {
        grouped: grouped ? 'true' : 'false',
        order_key: trimmedText(roles.orderId),
        customer_id: trimmedText(roles.customerId),
        ordered_at: timestamp(roles.orderedAt, readAs.orderedAt),
        raw_date: raw(roles.orderedAt),
        revenue,
        cost,
        // an order total written on every line counts once
        ...(grouped ? { order_amount: amountPerOrder && roles.amount ? 'max(amount)' : 'sum(amount)' } : {}),
      },
    };
  },
  warnings: () => [
    {
      code: 'oneOrderEach',
      sql: `SELECT count(*) > 0 AND max(n) = 1 AS hit, count(*) AS customers
            FROM (SELECT customer_id, count(*) AS n FROM orders GROUP BY ALL)`,
    },
    {
      code: 'futureDates',
      sql: `SELECT count(*) > 0 AS hit, count(*) AS orders, max(ordered_at)::DATE::VARCHAR AS latest
            FROM orders WHERE ordered_at > now()::TIMESTAMP + INTERVAL 1 DAY`,
    },
    {
      code: 'looksLikeCents',
      // whole amounts only, most of them 100 or more, and nothing read as minor units
      sql: `SELECT count(amount) > 20 AND count(*) FILTER (WHERE amount <> round(amount)) = 0
              AND median(amount) >= 500 AS hit, median(amount) AS median
            FROM orders`,
    },
    {
      code: 'noAmount',
      sql: `SELECT count(*) > 0 AND count(amount) = 0 AS hit FROM orders`,
    },
  ],
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
