// A SurveyMonkey responses export (Analyze Results > Save As > CSV, all responses, expanded): two header
// rows (question, then the answer option), merged into one name per column when the file is read; one row
// per respondent, End Date when the answer was submitted (dates month first, as SurveyMonkey writes them in
// the US). The customer is the email address when the collector recorded it (Custom Data 1 when it
// carried one), else the answers stay anonymous: NPS still runs.
import { defineShape } from '../shape';

export default defineShape({
  id: 'surveymonkey-nps',
  kind: 'survey',
  docs: 'https://help.surveymonkey.com/en/surveymonkey/analyze/exporting-all-responses/',
  requires: [/^respondent id$/, /^collector id$/, /^end date$/],
  suggests: [
    /^start date$/,
    /^ip address$/,
    /^email address$/,
    /^first name$/,
    /^last name$/,
    /^custom data 1$/,
    /recommend/,
  ],
  roles: {
    customerId: [/^email address$/, /^custom data 1$/, /^customer id$/],
    answeredAt: [/^end date$/, /^start date$/],
    score: [/how likely.*recommend/, /recommend/],
    comment: [
      /reason for your score/,
      /(what is|what's) the (main |primary )?reason/,
      /^why/,
      /tell us (why|more)/,
      /anything else/,
      /comments?/,
    ],
  },
});
