// A customer snapshot (a churn export such as the Telco data set): tenure, a churned flag, monthly value.
import { defineSource } from './source';
import { customerIdRole } from './common';
import { double, raw, trimmedText } from './expressions';
import { quoteUntrustedIdentifier as id } from '../../engine/sql';
import linesSql from './customers_lines.sql?raw';

/** Yes/No, True/False, 1/0, 是/否 -> BOOLEAN; anything else NULL (the row is dropped, and counted). */
function churnedFlag(column: string | undefined): string {
  if (!column) return 'NULL::BOOLEAN';
  const value = `lower(trim(${id(column)}::VARCHAR))`;
  return `CASE
      WHEN ${value} IN ('yes', 'y', 'true', 't', '1', '是', 'churned', 'exited') THEN true
      WHEN ${value} IN ('no', 'n', 'false', 'f', '0', '否', 'active', 'stayed') THEN false
    END`;
}

export const customers = defineSource({
  kind: 'customers',
  roles: [
    customerIdRole,
    {
      id: 'tenure',
      required: true,
      accepts: 'numeric',
      names: [/^tenure([ _-]?(months|periods))?$/i, /在网时长|时长|月数/],
    },
    {
      id: 'churned',
      required: true,
      accepts: 'any',
      names: [/^(churn(ed)?|is[ _-]?churned|exited|left|cancel(l)?ed)$/i, /流失|是否流失/],
    },
    {
      id: 'monthlyValue',
      required: false,
      accepts: 'numeric',
      names: [/^(monthly[ _-]?(charges?|value|revenue)|mrr|arpu)$/i, /月(费|消费)/],
    },
  ],
  stages({ roles, readAs = {} }) {
    return {
      lines: linesSql,
      select: 'customer_id, tenure, churned, monthly_value',
      fragments: {
        customer_id: trimmedText(roles.customerId),
        tenure: double(roles.tenure, readAs.tenure),
        raw_tenure: raw(roles.tenure),
        churned: churnedFlag(roles.churned),
        raw_churned: raw(roles.churned),
        monthly_value: double(roles.monthlyValue, readAs.monthlyValue),
      },
    };
  },
  warnings: () => [
    {
      code: 'nobodyChurned',
      sql: `SELECT count(*) > 0 AND count(*) FILTER (WHERE churned) = 0 AS hit FROM customers`,
    },
  ],
  docs: 'the-column-mapping',
});
