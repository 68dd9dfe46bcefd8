// Predictive CLV (docs/metrics.md#predictive-clv): BG/NBD and Gamma-Gamma fitted in the worker (fit.ts)
// before the SQL runs; the fit writes customer_clv (one row per customer), which the result, its views
// and RFM read.
import { defineAnalysis, chartOptions } from '../define';
import { choice, date, integer, number, type ParamValues } from '../params';
import { bindQuery } from '../query';
import { num } from '../rows';
import { aliveMatrix as aliveMatrixChart, clvDeciles, holdoutValidation } from '../../charts/clv';
import { histogram } from '../../charts/histogram';
import { aliveMatrix } from '../../models/alive-matrix';
import { EMPTY_CUSTOMER_CLV } from './customer-clv';
import type { ClvFit, ClvRequest } from './fit';
import customersSql from './clv_customers.sql?raw';
import decilesSql from './clv_deciles.sql?raw';
import distributionSql from './clv_distribution.sql?raw';
import validationSql from './clv_validation.sql?raw';
import summarySql from './clv_summary.sql?raw';

/** The fit request from the analysis's (parsed) parameter values. */
export function clvRequest(values: ParamValues): ClvRequest {
  return {
    calibrationEnd: typeof values.calibration_end === 'string' ? values.calibration_end : null,
    holdout: values.holdout === 'off' ? 'off' : 'auto',
    holdoutEnd: null,
    timeUnit: values.time_unit === 'day' ? 'day' : 'week',
    horizon: Number(values.horizon),
    margin: typeof values.margin === 'number' ? values.margin : null,
    discountRate: Number(values.discount_rate),
  };
}

/**
 * The customer summary the values were fitted on (the models' inputs), with its values written out, after
 * the statements that make the summaries it reads (runnable as it stands, as a result's SQL is).
 */
function summaryText(values: ParamValues, fit: ClvFit): string {
  const request = clvRequest(values);
  return bindQuery(summarySql, {
    calibration_end: fit.asOf,
    holdout_end: null,
    time_unit_days: request.timeUnit === 'day' ? 1 : 7,
  }).runnable;
}

export const clv = defineAnalysis({
  id: 'clv',
  position: 80,
  sources: { orders: { sql: customersSql } },
  params: [
    // the holdout check: on by default (the last third of the data, at most a year), or from a given day
    choice('holdout', ['auto', 'off'], 'auto'),
    date('calibration_end'),
    choice('time_unit', ['week', 'day'], 'week'),
    integer('horizon', 52, { min: 1, max: 520 }),
    number('margin', 0.3, { min: 0, max: 1 }),
    number('discount_rate', 0.1, { min: 0, max: 1 }),
    integer('max_frequency', 7, { min: 1, max: 50 }),
  ],
  segment: 'none',
  model: { request: clvRequest, summarySql: summaryText },
  // one row per customer: shown in the grid, read by the charts through the views
  rows: null,
  views: {
    deciles: {
      sql: decilesSql,
      rows: { decile: num, customers: num, avg_clv: num, min_clv: num, max_clv: num, share: num },
    },
    distribution: { sql: distributionSql, rows: { from_value: num, to_value: num, customers: num } },
    validation: {
      sql: validationSql,
      rows: { frequency: num, customers: num, actual: num, predicted: num.orNull },
    },
  },
  charts: [
    {
      id: 'clvValidation',
      applies: ({ fit }) => Boolean(fit?.holdout),
      draw: ({ views, params }, ctx) =>
        holdoutValidation(
          views.validation.map((r) => ({ ...r, predicted: r.predicted ?? NaN })),
          { ...chartOptions(ctx, params), topLabel: '+' },
        ),
    },
    {
      id: 'aliveMatrix',
      draw: ({ fit, params }, ctx) =>
        aliveMatrixChart(fit ? aliveMatrix(fit.bgnbd.params, fit.maxAge) : [], chartOptions(ctx, params)),
    },
    {
      id: 'clvDeciles',
      draw: ({ views, params }, ctx) => clvDeciles(views.deciles, chartOptions(ctx, params)),
    },
    {
      id: 'clvDistribution',
      draw: ({ views, params }, ctx) =>
        histogram(
          views.distribution.map((r) => ({
            from_days: r.from_value,
            to_days: r.to_value,
            gaps: r.customers,
          })),
          null,
          chartOptions(ctx, params, { x: ctx.t('chart.clv'), y: ctx.t('chart.customers') }),
        ),
    },
  ],
  panels: ({ fit, params }) => (fit ? [{ kind: 'fit', fit, summarySql: summaryText(params, fit) }] : []),
  tables: ['customer_clv'],
  // a fitted model belongs to the orders it was fitted on
  afterMapping: { orders: EMPTY_CUSTOMER_CLV },
  docs: 'predictive-clv',
});

export default clv;
