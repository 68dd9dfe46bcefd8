// What the NPS panels show, from the decoded result and views: the overall NPS with its margin and
// interval, the answers left out, the comments of each group, and the outcomes of each group.
export interface NpsRow {
  period: number | null;
  segment: string;
  answers: number;
  promoters: number;
  passives: number;
  detractors: number;
  promoter_share: number;
  passive_share: number;
  detractor_share: number;
  too_few: boolean;
  nps: number | null;
  margin: number | null;
  ci_low: number | null;
  ci_high: number | null;
  complete: boolean;
}

export interface NpsComment {
  nps_group: string;
  answered_at: number;
  score: number;
  comment: string;
  customer_id: string | null;
  segment: string;
  comments: number;
}

export interface NpsOutcome {
  nps_group: string;
  answers: number;
  linked: number;
  followed: number;
  churned: number;
  churn_rate: number | null;
  revenue_retention: number | null;
  mrr_at_answer: number | null;
  clv: number | null;
  currency: string;
}

export interface NpsSummary {
  overall: NpsRow | null;
  /** Answers whose score did not read as 0-10 (left out), and one as written. */
  unreadable: { answers: number; example: string | null };
  minAnswers: number;
}

export interface NpsOutcomes {
  rows: NpsOutcome[];
  followDays: number;
}
