// Survey answers (an NPS survey): when each answer came, its 0-10 score, the comment, and the customer who
// answered when the export links them. Typeform and SurveyMonkey put the question text in the header ("How
// likely are you to recommend ...?", "Submit Date (UTC)"): the name patterns read those too.
import { defineSource } from './source';
import { customerIdRole } from './common';
import { raw, timestamp, trimmedText } from './expressions';
import { quoteUntrustedIdentifier as id } from '../../engine/sql';
import linesSql from './survey_lines.sql?raw';

/**
 * A 0-10 score from a number or from text that starts with one ("10 - Extremely likely", "9分"); anything
 * else (out of range, a label without a number) is NULL: the row is kept, and the NPS analysis counts it.
 */
function score(column: string | undefined): string {
  if (!column) return 'NULL::INTEGER';
  const value = `TRY_CAST(regexp_extract(trim(${id(column)}::VARCHAR), '^(\\d+(\\.\\d+)?)', 1) AS DOUBLE)`;
  return `CASE WHEN ${value} BETWEEN 0 AND 10 AND ${value} = round(${value}) THEN ${value}::INTEGER END`;
}

export const survey = defineSource({
  kind: 'survey',
  roles: [
    // optional: an anonymous survey still gives an NPS; linked answers also give churn and revenue by group
    { ...customerIdRole, required: false },
    {
      id: 'answeredAt',
      required: true,
      accepts: 'temporal',
      byType: true,
      names: [
        /^(answered|submitted|responded|completed|submit|response|survey)[ _-]?(at|on|date|time|datetime)$/i,
        /^submit(ted)? date( \(utc\))?$/i,
        /^(end|completion) date$/i,
        /^(date|created[ _-]?at|timestamp)$/i,
        /(提交|回答|答题|填写|作答|完成)(日期|时间)|^日期$|^时间$/,
      ],
    },
    {
      id: 'score',
      required: true,
      accepts: 'any',
      names: [
        /^(nps|nps[ _-]?score|score|rating|likelihood|recommend(ation)?)$/i,
        /how likely .*recommend/i,
        /recommend/i,
        /推荐|评分|分数|打分/,
      ],
    },
    {
      id: 'comment',
      required: false,
      accepts: 'any',
      names: [
        /^(comments?|feedback|verbatim|text|answer|response|why|reason|open[ _-]?ended)$/i,
        /(what is|what's) the (main )?reason|why did you|tell us (why|more)|anything else/i,
        /评论|意见|建议|原因|反馈|留言/,
      ],
    },
  ],
  stages({ roles, readAs = {} }) {
    return {
      lines: linesSql,
      select: 'customer_id, answered_at, score, score_text, comment',
      fragments: {
        customer_id: trimmedText(roles.customerId),
        answered_at: timestamp(roles.answeredAt, readAs.answeredAt),
        raw_date: raw(roles.answeredAt),
        score: score(roles.score),
        score_text: raw(roles.score),
        comment: trimmedText(roles.comment),
      },
    };
  },
  docs: 'the-column-mapping',
});
