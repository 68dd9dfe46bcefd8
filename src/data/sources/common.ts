// Roles and name patterns several source kinds share.
import type { RoleDef } from './source';

/** The customer (or account) a row belongs to: required by every kind. */
export const customerIdRole: RoleDef = {
  id: 'customerId',
  required: true,
  accepts: 'any',
  names: [
    /^(customer|client|user|member|buyer|account|subscriber)[ _-]?(id|no|number|key)$/i,
    /^customerid$|^cust_?id$|^uid$|^user$/i,
    /客户(id|编号|号)?$|用户(id|编号)?$|会员(id|编号)?$|买家(id)?$/i,
    /^(customer|client|email)$/i,
    // German, Spanish and French
    /^(kunde|kundin|kunden[ _-]?(nr|nummer|id|name)|kundennummer|cliente|id[ _-]?cliente|num[eé]ro[ _-]?client)$/i,
  ],
};

/** Money per row: revenue, a total, an amount. */
export const AMOUNT_NAMES: readonly RegExp[] = [
  /^(amount|revenue|total|sales|price_total|order_total|gmv|net_sales|value|spend)$/i,
  /(amount|revenue|total)$/i,
  /金额|销售额|实付|收入|总价|消费/,
  /^(betrag|gesamtbetrag|bruttobetrag|summe|umsatz|montant|importe)$/i,
];
