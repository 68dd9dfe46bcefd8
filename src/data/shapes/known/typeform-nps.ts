// A Typeform responses export (Results > Responses > Download, CSV): one row per response, the questions'
// text as headers, hidden fields (email, customer_id, plan) as columns of their own, Submit Date (UTC) when
// it was answered. The score is the "how likely ... recommend" question, the comment the question that
// asks why.
import { defineShape } from '../shape';

const RECOMMEND = [/how likely.*recommend/, /recommend/, /^nps( score)?$/, /^score$/];
const WHY = [
  /reason for your score/,
  /(what is|what's) the (main |primary )?reason/,
  /^why/,
  /tell us (why|more)/,
  /anything else/,
  /^comments?$/,
];

export default defineShape({
  id: 'typeform-nps',
  kind: 'survey',
  docs: 'https://www.typeform.com/help/a/download-your-results-360029269612/',
  requires: [/^submit date$/, /^start date$/, /^(network id|#)$/],
  suggests: [/^#$/, /^network id$/, /^tags$/, /^response type$/, /^stage date$/, /recommend/],
  roles: {
    customerId: [/^customer id$/, /^user id$/, /^account id$/, /^email$/, /^e ?mail address$/],
    answeredAt: [/^submit date$/],
    score: RECOMMEND,
    comment: WHY,
  },
});
