// The Telco customer churn snapshot (IBM's sample data, the usual churn-modelling exercise): one row per
// customer with tenure in months, Churn Yes/No and monthly charges; contract, internet service and payment
// method are the breakdowns worth having.
import { defineShape } from '../shape';

export default defineShape({
  id: 'telco-customer-churn',
  kind: 'customers',
  docs: 'https://www.kaggle.com/datasets/blastchar/telco-customer-churn',
  requires: [/^customerid$/, /^tenure$/, /^churn$/, /^monthlycharges$/],
  suggests: [/^contract$/, /^internetservice$/, /^paymentmethod$/, /^totalcharges$/, /^seniorcitizen$/],
  roles: {
    customerId: [/^customerid$/],
    tenure: [/^tenure$/],
    churned: [/^churn$/],
    monthlyValue: [/^monthlycharges$/],
  },
  segments: [/^contract$/, /^internetservice$/, /^paymentmethod$/],
});
