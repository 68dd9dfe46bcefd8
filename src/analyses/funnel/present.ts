// What the cancel-funnel charts and panel draw, from the decoded rows (shared with the drill-downs, so
// that a bar's index means the same to both).
import type { RateBar, StageBar } from '../../charts/funnel';

export interface OfferRow {
  offer: string;
  flows: number;
  offered: number;
  accepted: number;
  cancelled: number;
  judged: number;
  saved: number;
  save_rate: number | null;
  accept_rate: number | null;
  saved_followed: number;
  saved_churned_later: number;
  later_churn_rate: number | null;
  basis: string;
}

export const STAGES = ['started', 'offered', 'accepted', 'saved', 'cancelled'] as const;

export function stageBars(all: OfferRow | undefined, t: (key: string) => string): StageBar[] {
  if (!all) return [];
  const counts = {
    started: all.flows,
    offered: all.offered,
    accepted: all.accepted,
    saved: all.saved,
    cancelled: all.cancelled,
  };
  return STAGES.map((stage) => ({
    label: t(`funnel.stages.${stage}`),
    count: counts[stage],
    share: all.flows > 0 ? counts[stage] / all.flows : 0,
  }));
}

export function offerBars(rows: OfferRow[], t: (key: string) => string): RateBar[] {
  return rows
    .filter((r) => r.offer !== 'All')
    .map((r) => ({ label: offerLabel(r.offer, t), value: r.save_rate, base: r.judged }));
}

export function offerLabel(offer: string, t: (key: string) => string): string {
  return ['none', 'pause', 'discount', 'downgrade'].includes(offer) ? t(`funnel.offers.${offer}`) : offer;
}
