// Recurly's subscriptions export (Exports > Subscriptions): one row per subscription of an account, with
// the unit amount per billing interval of its plan. A subscription runs from activated_at to expires_at
// (canceled_at is when it was set not to renew; it stays live until it expires). Failed and future
// subscriptions never ran and are left out.
import { defineShape } from '../shape';

export default defineShape({
  id: 'recurly-subscriptions',
  kind: 'subscriptions',
  docs: 'https://docs.recurly.com/docs/subscriptions-exports',
  requires: [
    /^account code$/,
    /^(subscription )?activated at$/,
    /^(subscription )?current period (ends|started) at$/,
  ],
  suggests: [
    /^(subscription )?uuid$/,
    /^(account )?email$/,
    /^plan (code|name)$/,
    /^(subscription )?state$/,
    /^(subscription )?unit amount$/,
    /^(subscription )?quantity$/,
    /^currency$/,
    /^(subscription )?(canceled|expires) at$/,
    /^plan interval (length|unit)$/,
  ],
  roles: {
    customerId: [/^account code$/, /^(account )?email$/],
    startedAt: [/^(subscription )?activated at$/, /^(subscription )?created at$/],
    endedAt: [/^(subscription )?expires at$/],
    periodAmount: [/^(subscription )?unit amount( in cents)?$/],
    interval: [/^plan interval unit$/, /^(subscription )?interval unit$/],
    intervalCount: [/^plan interval length$/, /^(subscription )?interval length$/],
    currency: [/^currency$/],
    plan: [/^plan name$/, /^plan code$/],
    reason: [/^(expiration|cancell?ation) reason$/],
  },
  segments: [/^(billing )?country$/],
  status: { headers: [/^(subscription )?state$/], exclude: /^(failed|future)$/i },
});
