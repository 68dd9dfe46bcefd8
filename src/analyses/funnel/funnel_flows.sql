-- The flows behind a mark of the cancel funnel (docs/metrics.md#cancellation-funnel): those with the offer
-- $offer ('none': no offer; NULL: any), at the stage $stage ('started', 'offered', 'accepted', 'cancelled',
-- 'saved', 'churnedLater'; NULL: any), of the reason $classification / $category (NULL: any), newest first.
-- {{flows}}, {{classified}} as in funnel.sql.
-- Parameters: $save_days, $later_days, $as_of, $reason_rules; $offer, $stage, $classification, $category;
-- {{segment}}.
WITH {{flows}},
{{classified}}
SELECT
  customer_id,
  churned_at AS started_at,
  coalesce(offer, 'none') AS offer,
  offer_accepted,
  cancelled,
  saved,
  churned_later,
  coalesce(category, classification) AS reason,
  reason_text AS reason_as_written,
  comment,
  segment
FROM classified
WHERE ($offer::VARCHAR IS NULL OR coalesce(offer, 'none') = $offer::VARCHAR)
  AND ($classification::VARCHAR IS NULL OR classification = $classification::VARCHAR)
  AND ($category::VARCHAR IS NULL OR category = $category::VARCHAR)
  AND CASE coalesce($stage::VARCHAR, 'started')
    WHEN 'started' THEN true
    WHEN 'offered' THEN offer IS NOT NULL
    WHEN 'accepted' THEN coalesce(offer_accepted, false)
    WHEN 'cancelled' THEN coalesce(cancelled, false)
    WHEN 'saved' THEN coalesce(saved, false)
    WHEN 'churnedLater' THEN coalesce(saved AND churned_later, false)
  END
ORDER BY churned_at DESC, customer_id
