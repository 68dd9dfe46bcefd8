// Cancellations (a cancellation survey or a cancel-flow export): who started to cancel and when, the reason
// (a category or free text) with any comment, the retention offer shown (pause, discount, downgrade) and
// whether it was accepted, and how the flow ended. A row is one cancellation flow started.
import { defineSource } from './source';
import { customerIdRole } from './common';
import { double, raw, timestamp, trimmedText } from './expressions';
import { quoteUntrustedIdentifier as id } from '../../engine/sql';
import linesSql from './cancellations_lines.sql?raw';

const lowered = (column: string) => `lower(trim(${id(column)}::VARCHAR))`;

/** Yes/No, True/False, 1/0, 是/否 -> BOOLEAN; anything else NULL. */
function yesNo(column: string | undefined): string {
  if (!column) return 'NULL::BOOLEAN';
  const value = lowered(column);
  return `CASE
      WHEN ${value} IN ('yes', 'y', 'true', 't', '1', 'accepted', 'saved', '是', '接受', '已接受') THEN true
      WHEN ${value} IN ('no', 'n', 'false', 'f', '0', 'declined', 'rejected', '否', '拒绝', '未接受') THEN false
    END`;
}

/** The offer shown, one word for each kind of offer; no offer (empty, none, no, n/a, -, 无) is NULL. */
function offer(column: string | undefined): string {
  if (!column) return 'NULL::VARCHAR';
  const value = lowered(column);
  return `CASE
      WHEN ${value} IS NULL OR ${value} IN ('', 'none', 'no', 'no offer', 'n/a', 'na', '-', '无', '没有', '未提供') THEN NULL
      WHEN regexp_matches(${value}, 'pause|暂停') THEN 'pause'
      WHEN regexp_matches(${value}, 'discount|coupon|% off|折扣|优惠|打折') THEN 'discount'
      WHEN regexp_matches(${value}, 'downgrade|cheaper plan|降级|降档') THEN 'downgrade'
      ELSE ${value}
    END`;
}

/** How the flow ended: cancelled (true), or kept as a customer (false); unreadable is NULL. */
function outcome(column: string): string {
  const value = lowered(column);
  return `CASE
      WHEN regexp_matches(${value}, '^(cancel(l)?ed|cancel|churned|lost|left|已取消|取消|流失|退订)$') THEN true
      WHEN regexp_matches(${value}, '^(saved|retained|stayed|kept|paused|downgraded|discounted|accepted( offer)?|挽留|已挽留|保留|暂停|降级)$') THEN false
    END`;
}

export const cancellations = defineSource({
  kind: 'cancellations',
  roles: [
    customerIdRole,
    {
      id: 'cancelledAt',
      required: true,
      accepts: 'temporal',
      byType: true,
      names: [
        /^(cancel(l)?ed|cancel(l)?ation|churn(ed)?|requested|request|submitted|started)[ _-]?(at|on|date|time|datetime)$/i,
        /^(date|created[ _-]?at|timestamp|submit date( \(utc\))?)$/i,
        /(取消|退订|注销|申请|提交)(日期|时间)|^日期$|^时间$/,
      ],
    },
    {
      id: 'reason',
      required: false,
      accepts: 'any',
      names: [
        /^((cancel(l)?ation|churn|primary|main)[ _-]?)?reason$/i,
        /why (are you|did you) (cancel|leav)|main reason/i,
        /原因|理由/,
      ],
    },
    {
      id: 'comment',
      required: false,
      accepts: 'any',
      names: [
        /^(comments?|feedback|details|verbatim|text|other|notes?|free[ _-]?text)$/i,
        /anything else|tell us more/i,
        /意见|反馈|补充|说明|留言|评论/,
      ],
    },
    {
      id: 'offer',
      required: false,
      accepts: 'any',
      names: [
        /^((retention|save|cancel)[ _-]?)?offer([ _-]?(shown|type|presented|made))?$/i,
        /挽留(方案|优惠)?|优惠/,
      ],
    },
    {
      id: 'offerAccepted',
      required: false,
      accepts: 'any',
      names: [/^(offer[ _-]?)?accepted$|^accepted[ _-]?offer$/i, /接受/],
    },
    {
      id: 'outcome',
      required: false,
      accepts: 'any',
      names: [/^(outcome|result|final[ _-]?(status|outcome)|flow[ _-]?result)$/i, /结果/],
    },
    {
      id: 'mrr',
      required: false,
      accepts: 'numeric',
      names: [/^(mrr|monthly[ _-]?(revenue|amount|value))$/i, /月(收入|费用|付费)/],
    },
  ],
  stages({ roles, readAs = {} }) {
    // without an outcome column: a flow whose offer was accepted is a save, every other one a cancellation
    const cancelled = roles.outcome
      ? outcome(roles.outcome)
      : roles.offerAccepted
        ? `NOT coalesce(${yesNo(roles.offerAccepted)}, false)`
        : 'true';
    return {
      lines: linesSql,
      select: 'customer_id, cancelled_at, reason, comment, offer, offer_accepted, cancelled, mrr',
      fragments: {
        customer_id: trimmedText(roles.customerId),
        cancelled_at: timestamp(roles.cancelledAt, readAs.cancelledAt),
        raw_date: raw(roles.cancelledAt),
        reason: trimmedText(roles.reason),
        comment: trimmedText(roles.comment),
        offer: offer(roles.offer),
        offer_accepted: yesNo(roles.offerAccepted),
        cancelled,
        mrr: double(roles.mrr, readAs.mrr),
      },
    };
  },
  docs: 'the-column-mapping',
});
