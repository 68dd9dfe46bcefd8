// What a model fit returns: parameters only when the fit converged to an interior optimum; otherwise a
// reason and what to try, and no numbers (docs/metrics.md: a failed fit never shows numbers).

export type FitFailureCode =
  /** nothing to fit */
  | 'no_customers'
  /** an input value is impossible (negative, not finite, recency beyond age, ...) */
  | 'invalid_input'
  /** fewer customers with a repeat purchase than the model needs */
  | 'too_few_repeat_customers'
  /** repeat customers exist but none has a positive mean repeat spend */
  | 'no_positive_spend'
  /** the optimiser stopped before it converged */
  | 'not_converged'
  /** the optimum lies at an edge of the parameter space, or the parameters do not define the model's mean */
  | 'degenerate';

export interface FitSuccess<P> {
  ok: true;
  params: P;
  logLikelihood: number;
  /** Customers the likelihood was computed on. */
  customers: number;
  iterations: number;
  evaluations: number;
}

/**
 * Why exactly, with what to try: each reason is a message and a hint in the catalogues
 * (`clv.reasons.<reason>`, `clv.hints.<reason>`), filled with `values`.
 */
export type FitReason =
  | 'noCustomers'
  | 'lengthMismatch'
  | 'badFrequency'
  | 'badTimes'
  | 'recencyBeyondAge'
  | 'recencyWithoutRepeat'
  | 'noTimeObserved'
  | 'tooFewRepeat'
  | 'tooFewSpenders'
  | 'noPositiveSpend'
  | 'noDropOut'
  | 'parameterEdge'
  | 'infiniteMean'
  | 'notConverged';

export interface FitFailure {
  ok: false;
  code: FitFailureCode;
  reason: FitReason;
  values: Record<string, string | number>;
}

export type FitResult<P> = FitSuccess<P> | FitFailure;

export function fitFailure(
  code: FitFailureCode,
  reason: FitReason,
  values: Record<string, string | number> = {},
): FitFailure {
  return { ok: false, code, reason, values };
}

/** Smallest number of repeat customers a fit accepts by default: fewer cannot pin three or four parameters. */
export const MIN_REPEAT_CUSTOMERS = 10;

/**
 * |log-parameter| (in the fits' rescaled units) beyond which a fit is called degenerate: a factor of about
 * 160,000 either way. Along such a direction the likelihood is flat, the optimiser stops anywhere, and the
 * parameter means nothing on its own.
 */
export const LOG_PARAMETER_EDGE = 12;
