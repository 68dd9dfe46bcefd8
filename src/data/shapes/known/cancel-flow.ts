// A cancel-flow export, as the retention tools that run one write it (Churnkey's sessions, ProsperStack's
// flows, Chargebee Retention's sessions): one row per cancellation flow started, with the reason picked in
// its survey, the free-text feedback, the offer shown, whether it was accepted, and how the flow ended.
// Sessions run in test mode are left out.
import { defineShape } from '../shape';

export default defineShape({
  id: 'cancel-flow',
  kind: 'cancellations',
  docs: 'https://docs.churnkey.co/',
  requires: [
    /^(offer type|offer (presented|shown)|offer)$/,
    /^(offer accepted|accepted offer)$/,
    /^(result|outcome|session result|flow result)$/,
  ],
  suggests: [
    /^(session|flow) id$/,
    /^(survey (response|choice)|(cancel |primary )?reason)$/,
    /^feedback$/,
    /^mode$/,
    /^mrr$/,
    /^plan$/,
    /^customer (id|email)$/,
  ],
  roles: {
    customerId: [/^customer id$/, /^subscriber id$/, /^customer email$/, /^email$/],
    cancelledAt: [/^created at$/, /^started at$/, /^requested at$/, /^session (date|started at)$/, /^date$/],
    reason: [/^survey (response|choice)$/, /^(cancel |primary )?reason$/],
    comment: [/^feedback$/, /^(free ?text|freeform|comments?)$/],
    offer: [/^offer type$/, /^offer (presented|shown)$/, /^offer$/],
    offerAccepted: [/^offer accepted$/, /^accepted offer$/],
    outcome: [/^result$/, /^outcome$/, /^(session|flow) result$/],
    mrr: [/^mrr$/],
  },
  segments: [/^plan$/, /^billing interval$/, /^region$/, /^country$/],
  status: { headers: [/^mode$/, /^environment$/], exclude: /^test$/i },
});
