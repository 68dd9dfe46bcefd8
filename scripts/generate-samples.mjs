// Deterministic generator of Tenure's synthetic sample datasets (and a converter for the real CDNOW
// sample). Same seed, same bytes. See sample-data/README.md for the models behind each dataset.
//
//   node scripts/generate-samples.mjs [--out DIR] [--seed N] [--orders N] [--customers N]
//     [--only orders|subscriptions|nps|cancellations|cdnow]
//
// Rows are streamed to disk, so `--orders 10000000` works in constant memory.
import { createWriteStream, readFileSync, statSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

// ---------- random numbers ----------

/** sfc32, seeded through splitmix32: small, fast, and identical on every platform. */
export function rng(seed) {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const random = {
    uniform: next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    normal: () => {
      let u = 0;
      while (u === 0) u = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    exponential: (rate) => -Math.log(1 - next()) / rate,
    /** Marsaglia-Tsang; shape > 0, scale > 0. */
    gamma: (shape, scale) => {
      if (shape < 1) return random.gamma(shape + 1, scale) * Math.pow(next(), 1 / shape);
      const d = shape - 1 / 3;
      const c = 1 / Math.sqrt(9 * d);
      for (;;) {
        let x;
        let v;
        do {
          x = random.normal();
          v = 1 + c * x;
        } while (v <= 0);
        v = v * v * v;
        const u = next();
        if (u < 1 - 0.0331 * x ** 4 || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v)))
          return d * v * scale;
      }
    },
    beta: (a, b) => {
      const x = random.gamma(a, 1);
      return x / (x + random.gamma(b, 1));
    },
    pick: (items) => items[Math.floor(next() * items.length)],
    weighted: (pairs) => {
      const total = pairs.reduce((n, [, w]) => n + w, 0);
      let r = next() * total;
      for (const [item, w] of pairs) if ((r -= w) < 0) return item;
      return pairs[pairs.length - 1][0];
    },
  };
  return random;
}

// ---------- formatting ----------

const DAY = 86_400_000;
const pad = (n, width = 2) => String(n).padStart(width, '0');
const isoDate = (ms) => {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};
const isoTimestamp = (ms) => {
  const d = new Date(ms);
  return `${isoDate(ms)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
};
const money = (x) => (Math.round(x * 100) / 100).toFixed(2);
/** RFC 4180: quote fields that contain a delimiter, a quote or a line break. */
export const csvField = (value) => {
  const text = value == null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};
const csvLine = (fields) => fields.map(csvField).join(',') + '\n';

// ---------- e-commerce orders ----------

export const ORDERS_START = Date.UTC(2023, 0, 1);
export const ORDERS_END = Date.UTC(2025, 0, 1); // exclusive

const CATALOGUE = [
  ['Espresso beans 1kg', 'Coffee', 24.9, 0.55],
  ['Filter coffee 500g', 'Coffee', 12.5, 0.5],
  ['Decaf beans 500g', 'Coffee', 13.9, 0.52],
  ['Green tea 100g', 'Tea', 9.8, 0.4],
  ['Oolong tea 100g', 'Tea', 16.5, 0.42],
  ['Chai blend 250g', 'Tea', 11.2, 0.45],
  ['Pour-over kettle', 'Equipment', 59.0, 0.62],
  ['Hand grinder', 'Equipment', 79.0, 0.6],
  ['Espresso machine', 'Equipment', 449.0, 0.7],
  ['Milk frother', 'Equipment', 39.0, 0.58],
  ['Paper filters x100', 'Accessories', 5.5, 0.35],
  ['Travel mug', 'Accessories', 22.0, 0.4],
  ['Ceramic cup set', 'Accessories', 34.0, 0.45],
  ['Cleaning tablets', 'Accessories', 8.9, 0.3],
  ['Gift card 50', 'Gifts', 50.0, 0.95],
  ['Tasting box', 'Gifts', 39.0, 0.5],
];
const COUNTRIES = [
  ['US', 35],
  ['CN', 20],
  ['DE', 12],
  ['GB', 11],
  ['JP', 8],
  ['FR', 8],
  ['BR', 6],
];
const CHANNELS = [
  ['web', 50],
  ['app', 30],
  ['marketplace', 20],
];

/** Relative demand on a day: slow growth, a November-December peak, busier weekends. */
function orderSeason(ms) {
  const d = new Date(ms);
  const month = d.getUTCMonth();
  const peak = month === 10 ? 1.5 : month === 11 ? 1.8 : month === 0 ? 0.8 : 1;
  const weekday = d.getUTCDay();
  const week = weekday === 0 || weekday === 6 ? 1.15 : 1;
  const growth = 1 + (0.35 * (ms - ORDERS_START)) / (ORDERS_END - ORDERS_START);
  return peak * week * growth;
}
const MAX_SEASON = 1.8 * 1.15 * 1.35;

/** Orders per customer, measured on the default seed (seed 42: 2.91); sizes the customer base for --orders. */
const ORDERS_PER_CUSTOMER = 2.9;

/**
 * Line items, customer by customer. Each customer buys like the BG/NBD story: a Poisson rate drawn from a
 * gamma, and after each purchase a chance to drop out drawn from a beta; the season thins the process.
 */
export function* orderLines({ seed = 42, orders = 50_000 } = {}) {
  const random = rng(seed);
  const customers = Math.max(1, Math.round(orders / ORDERS_PER_CUSTOMER));
  const span = ORDERS_END - ORDERS_START;
  let orderNo = 0;
  for (let c = 1; c <= customers; c++) {
    // acquisition: more customers later and in the peak months (thinning of a uniform draw)
    let first;
    do first = ORDERS_START + random.uniform() * span;
    while (random.uniform() * MAX_SEASON > orderSeason(first));
    const customerId = `C${pad(c, 7)}`;
    const country = random.weighted(COUNTRIES);
    const favourite = random.weighted(CHANNELS);
    const rate = random.gamma(0.9, 1 / 20); // purchases per day (mean 0.045: one every ~22 days)
    const dropout = random.beta(1.4, 3); // chance to leave for good after each purchase (mean 0.32)
    const basket = 0.6 + random.gamma(2, 0.25); // how much this customer buys
    let t = first;
    for (;;) {
      orderNo++;
      const orderId = `O${pad(orderNo, 8)}`;
      const hour = random.weighted([
        [9, 2],
        [12, 3],
        [15, 2],
        [19, 4],
        [21, 4],
        [23, 1],
      ]);
      const at = Math.floor(t / DAY) * DAY + (hour * 3600 + random.int(0, 3599)) * 1000;
      const channel = random.chance(0.75) ? favourite : random.weighted(CHANNELS);
      const status = random.chance(0.035) ? 'refunded' : 'completed';
      const lines = 1 + Math.min(3, Math.floor(random.exponential(1.3)));
      for (let l = 0; l < lines; l++) {
        const [product, category, price, costRatio] = random.pick(CATALOGUE);
        const quantity = 1 + Math.min(4, Math.floor(random.exponential(2.2 / basket)));
        const unitPrice = price * (random.chance(0.15) ? 0.85 : 1);
        yield {
          order_id: orderId,
          customer_id: customerId,
          ordered_at: isoTimestamp(at),
          product,
          category,
          quantity,
          unit_price: money(unitPrice),
          unit_cost: money(price * costRatio),
          country,
          channel,
          status,
        };
      }
      if (random.chance(dropout)) break;
      // next purchase: exponential waiting time, thinned by the season
      do t += random.exponential(rate) * DAY;
      while (t < ORDERS_END && random.uniform() * MAX_SEASON > orderSeason(t));
      if (t >= ORDERS_END) break;
    }
  }
}

export const ORDER_COLUMNS = [
  'order_id',
  'customer_id',
  'ordered_at',
  'product',
  'category',
  'quantity',
  'unit_price',
  'unit_cost',
  'country',
  'channel',
  'status',
];

// ---------- SaaS subscriptions and NPS ----------

export const SAAS_START = Date.UTC(2022, 0, 1);
export const SAAS_END = Date.UTC(2024, 11, 31); // the data's end date (inclusive)

const PLANS = [
  { name: 'Starter', price: 49, eur: 45, churn: 0.045 },
  { name: 'Growth', price: 149, eur: 139, churn: 0.028 },
  { name: 'Pro', price: 399, eur: 369, churn: 0.017 },
  { name: 'Enterprise', price: 1200, eur: 1100, churn: 0.009 },
];
/** Billing intervals: months per bill; a customer pays for the whole interval at its start. */
const INTERVALS = [
  ['month', 70],
  ['quarter', 10],
  ['year', 20],
];
const INTERVAL_MONTHS = { month: 1, quarter: 3, year: 12 };
const REASONS = [
  ['Too expensive', 26],
  ['Missing features', 20],
  ['Switched to competitor', 16],
  ['No longer needed', 14],
  ['Poor support', 8],
  ['Technical issues', 9],
  ['Business closed', 7],
];
const SIZES = [
  ['1-10', 40],
  ['11-50', 30],
  ['51-200', 20],
  ['201-1000', 10],
];
const REGIONS = [
  ['North America', 35],
  ['Europe', 30],
  ['Greater China', 20],
  ['APAC other', 10],
  ['LATAM', 5],
];
/** Survey comments by NPS group and language; Greater China customers mostly answer in Chinese. */
const COMMENTS = {
  en: {
    promoter: [
      'Great product, saves us hours every week',
      'Support team is fantastic',
      'Easy to set up, the reports are exactly what we need',
      'Love the new dashboard',
      'Reliable and fast',
      'The cohort view alone is worth it',
      'We rolled it out to three teams, everyone uses it',
    ],
    passive: [
      'Good, but a bit pricey',
      'Does the job. Some features are hard to find',
      'OK overall, exports could be better',
      'Fine, "good enough" for now',
      'Solid, though the mobile app lags behind',
      'Would like more integrations',
    ],
    detractor: [
      'Too expensive for what it does',
      'Missing integrations we need',
      'Frequent bugs, slow pages',
      'Support took days to answer',
      'Hard to use, our team gave up',
      'The "simple" plan is not simple at all',
      'Billing errors, twice',
    ],
  },
  zh: {
    promoter: ['非常好用，节省了大量时间', '客服响应很快', '报表很清楚，推荐'],
    passive: ['功能不错，价格偏高', '还可以，希望支持更多导出格式'],
    detractor: ['价格太贵', '缺少我们需要的功能', '经常出错，速度慢'],
  },
};
/** What a cancelling customer writes, by reason and language (some say nothing; some pick "Other"). */
const CANCEL_COMMENTS = {
  en: {
    'Too expensive': [
      'Too expensive for our budget',
      'The price went up again',
      'We found it hard to justify the cost',
    ],
    'Missing features': [
      'Missing the integrations we need',
      'No SSO, a must for us',
      'It lacks a proper API',
    ],
    'Switched to competitor': [
      'We switched to another tool',
      'Moved to a competitor that bundles it',
      'Our parent company uses an alternative',
    ],
    'No longer needed': ['We no longer need it', 'The project ended', "Don't need it after the reorg"],
    'Poor support': [
      'Support took a week to respond',
      'Customer service was unhelpful',
      'Onboarding was confusing',
    ],
    'Technical issues': ['Too many bugs', 'The app is slow and crashes', 'Sync errors every week'],
    'Business closed': ['Our business closed', 'We are shutting down', 'Out of business, sadly'],
    Other: [
      'Just trying something new',
      'Budget cuts this year',
      'Taking a break for the season',
      'Personal reasons',
    ],
  },
  zh: {
    'Too expensive': ['价格太贵了', '预算不够', '性价比不高'],
    'Missing features': ['缺少我们需要的功能', '不支持我们的系统集成'],
    'Switched to competitor': ['改用竞品了', '换成了别家的产品'],
    'No longer needed': ['项目结束，不再需要', '暂时用不上'],
    'Poor support': ['客服响应太慢', '服务不到位'],
    'Technical issues': ['经常出错', '速度慢，经常卡顿'],
    'Business closed': ['公司倒闭了', '业务关闭'],
    Other: ['其他原因', '想试试别的'],
  },
};

const addMonths = (ms, n) => {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, Math.min(d.getUTCDate(), 28));
};

/**
 * Subscriptions, NPS answers and cancellation flows, customer by customer. Each customer has a latent
 * satisfaction that lowers their churn hazard and raises their NPS scores, so detractors churn more. A
 * row is one stretch of one plan and price, billed per month, quarter or year (its amount is the bill, in
 * US dollars, or in euros in Europe); a plan change ends a row and starts the next the same day; churned
 * customers may come back later with a new row. Monthly plans can be cancelled at any month's end,
 * quarterly and yearly plans only at their renewal. A cancellation goes through a cancel flow: 70% see a
 * retention offer (a pause of one to three months, 20% off, or a cheaper plan), which satisfied customers
 * accept more often; accepted offers keep the customer (a pause ends the row and starts a new one later).
 * The survey and the cancel flows draw from their own streams.
 */
export function* saasRows({ seed = 42, customers = 3_000 } = {}) {
  const random = rng(seed ^ 0x5a5a5a5a);
  const survey = rng(seed ^ 0x3c3c3c3c);
  const flows = rng(seed ^ 0x69696969);
  let subscriptionNo = 0;
  let responseNo = 0;
  let flowNo = 0;
  for (let c = 1; c <= customers; c++) {
    const customerId = `A${pad(c, 5)}`;
    const size = random.weighted(SIZES);
    const region = random.weighted(REGIONS);
    const currency = region === 'Europe' ? 'EUR' : 'USD';
    const satisfaction = random.normal();
    const chinese = region === 'Greater China' && survey.chance(0.6);
    let planIndex = random.weighted([
      [0, 45],
      [1, 32],
      [2, 17],
      [3, 6],
    ]);
    let seats = 1 + Math.floor(random.exponential(0.9));
    let discount = 1;
    let start;
    do start = SAAS_START + Math.floor(random.uniform() * (SAAS_END - SAAS_START - 30 * DAY));
    while (random.uniform() > 0.45 + (0.55 * (start - SAAS_START)) / (SAAS_END - SAAS_START));
    start = Math.floor(start / DAY) * DAY;
    const interval = random.weighted(INTERVALS);
    const months = INTERVAL_MONTHS[interval];
    let rowStart = start;
    let month = start;
    let monthsInContract = 0;
    let active = true;
    const bill = () => {
      const plan = PLANS[planIndex];
      return money((currency === 'EUR' ? plan.eur : plan.price) * seats * discount * months);
    };
    const base = () => ({
      customer_id: customerId,
      billing_interval: interval,
      currency,
      company_size: size,
      region,
    });
    const emit = (end, reason) => ({
      kind: 'subscription',
      subscription_id: `S${pad(++subscriptionNo, 6)}`,
      ...base(),
      plan: PLANS[planIndex].name,
      started_at: isoDate(rowStart),
      ended_at: end == null ? '' : isoDate(end),
      amount: bill(),
      cancellation_reason: reason ?? '',
    });
    while (active) {
      const next = addMonths(month, 1);
      if (next > SAAS_END) break;
      monthsInContract++;
      const plan = PLANS[planIndex];
      // NPS survey about every six months, 65% answer
      if (survey.chance((1 / 6) * 0.65)) {
        const score = Math.max(0, Math.min(10, Math.round(7.6 + 1.9 * satisfaction + survey.normal() * 1.2)));
        const kind = score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
        yield {
          kind: 'nps',
          response_id: `R${pad(++responseNo, 6)}`,
          customer_id: customerId,
          submitted_at: isoTimestamp(
            month + survey.int(1, 27) * DAY + survey.int(8 * 3600, 20 * 3600) * 1000,
          ),
          score,
          comment: survey.chance(0.22) ? '' : survey.pick(COMMENTS[chinese ? 'zh' : 'en'][kind]),
          plan: plan.name,
          region,
        };
      }
      const monthly = plan.churn * Math.exp(-0.55 * satisfaction);
      // quarterly and yearly contracts: cancelled only at renewal, with 60% of the monthly hazard compounded
      const hazard =
        months === 1 ? monthly : monthsInContract % months === 0 ? 1 - (1 - 0.6 * monthly) ** months : 0;
      const roll = random.uniform();
      if (roll < hazard) {
        const reason = random.weighted(REASONS);
        // the cancel flow: maybe an offer, maybe accepted
        const offer = flows.chance(0.7)
          ? flows.weighted([
              ['pause', 30],
              ['discount', 40],
              ['downgrade', planIndex > 0 ? 30 : 0],
            ])
          : null;
        const accepted = offer !== null && flows.chance(Math.min(0.8, 0.28 + 0.12 * satisfaction));
        const written = flows.chance(0.15) ? 'Other' : reason;
        const comments = CANCEL_COMMENTS[chinese ? 'zh' : 'en'][written];
        const pauseMonths = 1 + flows.int(0, 2);
        yield {
          kind: 'cancellation',
          flow_id: `F${pad(++flowNo, 6)}`,
          customer_id: customerId,
          requested_at: isoDate(next - flows.int(1, 12) * DAY),
          reason: written,
          comment: flows.chance(0.45) ? '' : flows.pick(comments),
          offer_shown:
            offer === 'pause'
              ? `Pause for ${pauseMonths} month${pauseMonths > 1 ? 's' : ''}`
              : offer === 'discount'
                ? '20% discount for 6 months'
                : offer === 'downgrade'
                  ? `Downgrade to ${PLANS[planIndex - 1].name}`
                  : '',
          offer_accepted: offer === null ? '' : accepted ? 'yes' : 'no',
          outcome: !accepted
            ? 'cancelled'
            : offer === 'pause'
              ? 'paused'
              : offer === 'discount'
                ? 'discounted'
                : 'downgraded',
          plan: plan.name,
          region,
        };
        if (accepted && offer === 'discount') {
          yield emit(next);
          discount = 0.8;
          rowStart = next;
        } else if (accepted && offer === 'downgrade') {
          yield emit(next);
          planIndex--;
          rowStart = next;
        } else if (accepted && offer === 'pause') {
          // a paused subscription is still there, billed nothing: a row at zero until the pause is over
          yield emit(next);
          const back = addMonths(next, pauseMonths);
          const paused = discount;
          discount = 0;
          rowStart = next;
          if (back >= SAAS_END) {
            yield emit(null);
            active = false;
            break;
          }
          yield emit(back);
          discount = paused;
          rowStart = back;
          month = back;
          monthsInContract = 0;
          continue;
        } else {
          yield emit(next, reason);
          active = false;
          discount = 1;
          // some come back after a while
          if (random.chance(0.18)) {
            const back = addMonths(next, random.int(2, 12));
            if (back < SAAS_END - 30 * DAY) {
              rowStart = back;
              month = back;
              monthsInContract = 0;
              active = true;
              seats = Math.max(1, seats - 1);
              continue;
            }
          }
          break;
        }
      } else if (roll < hazard + 0.018 && planIndex < PLANS.length - 1) {
        yield emit(next);
        planIndex++;
        rowStart = next;
      } else if (roll < hazard + 0.026 && planIndex > 0) {
        yield emit(next);
        planIndex--;
        rowStart = next;
      } else if (roll < hazard + 0.05) {
        yield emit(next);
        seats += 1;
        rowStart = next;
      } else if (roll < hazard + 0.06 && seats > 1) {
        yield emit(next);
        seats -= 1;
        rowStart = next;
      }
      month = next;
    }
    if (active) yield emit(null);
  }
}

export const SUBSCRIPTION_COLUMNS = [
  'subscription_id',
  'customer_id',
  'plan',
  'started_at',
  'ended_at',
  'amount',
  'billing_interval',
  'currency',
  'cancellation_reason',
  'company_size',
  'region',
];
/** The NPS survey as Typeform exports it: the question text as the header, `Submit Date (UTC)`. */
export const NPS_QUESTION = 'How likely are you to recommend Acme Analytics to a friend or colleague?';
export const NPS_COMMENT_QUESTION = 'What is the main reason for your score?';
export const NPS_COLUMNS = [
  '#',
  'customer_id',
  NPS_QUESTION,
  NPS_COMMENT_QUESTION,
  'plan',
  'region',
  'Submit Date (UTC)',
];
const NPS_FIELDS = {
  '#': 'response_id',
  [NPS_QUESTION]: 'score',
  [NPS_COMMENT_QUESTION]: 'comment',
  'Submit Date (UTC)': 'submitted_at',
};
export const CANCELLATION_COLUMNS = [
  'flow_id',
  'customer_id',
  'requested_at',
  'reason',
  'comment',
  'offer_shown',
  'offer_accepted',
  'outcome',
  'plan',
  'region',
];

// ---------- CDNOW ----------

export const CDNOW_SOURCE = new URL('../sample-data/source/CDNOW_sample.txt', import.meta.url);
export const CDNOW_COLUMNS = ['customer_id', 'sample_id', 'date', 'cds', 'amount'];

/**
 * The real CDNOW sample as CSV with a header; every value kept exactly as written in the source (the
 * zero-padded ids and the amounts are copied as text), only the date becomes YYYY-MM-DD.
 */
export function cdnowCsv(text = readFileSync(CDNOW_SOURCE, 'utf8')) {
  let out = `${CDNOW_COLUMNS.join(',')}\n`;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const parts = line.split(/\s+/);
    const [master, sample, date, cds, amount] = parts;
    if (parts.length !== 5 || !/^\d{8}$/.test(date) || !/^\d+(\.\d+)?$/.test(amount))
      throw new Error(`CDNOW source, line ${i + 1}: unexpected ${JSON.stringify(lines[i])}`);
    out += `${master},${sample},${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)},${cds},${amount}\n`;
  }
  return out;
}

// ---------- writing ----------

/** Streams rows to a CSV file in batches of about 1 MB, waiting when the stream is full. */
async function writeRows(path, columns, rows, fields = {}) {
  const out = createWriteStream(path);
  const failed = new Promise((_, reject) => out.once('error', reject));
  failed.catch(() => {});
  const flush = async (text) => {
    if (!out.write(text)) await Promise.race([new Promise((resolve) => out.once('drain', resolve)), failed]);
  };
  let buffer = csvLine(columns);
  let count = 0;
  for (const row of rows) {
    buffer += csvLine(columns.map((c) => row[fields[c] ?? c]));
    count++;
    if (buffer.length > 1 << 20) {
      await flush(buffer);
      buffer = '';
    }
  }
  await flush(buffer);
  await Promise.race([new Promise((resolve) => out.end(resolve)), failed]);
  return count;
}

function* only(rows, kind) {
  for (const row of rows) if (row.kind === kind) yield row;
}

export const DATASETS = ['orders', 'subscriptions', 'nps', 'cancellations', 'cdnow'];

/**
 * Writes the datasets (all, or `only` one) to `out`; returns what it wrote: file, rows (without the
 * header), bytes, seconds.
 * @param {{ out?: string, seed?: number, orders?: number, only?: string | null }} [options]
 * @returns {Promise<{ file: string, rows: number, bytes: number, seconds: number }[]>}
 */
export async function generate({
  out = 'sample-data',
  seed = 42,
  orders = 50_000,
  customers = 3_000,
  only: which = null,
} = {}) {
  if (which != null && !DATASETS.includes(which))
    throw new Error(`unknown dataset ${JSON.stringify(which)}; one of ${DATASETS.join(', ')}`);
  await mkdir(out, { recursive: true });
  const report = [];
  const timed = async (name, work) => {
    const started = performance.now();
    const file = join(out, name);
    const rows = await work(file);
    report.push({ file, rows, bytes: statSync(file).size, seconds: (performance.now() - started) / 1000 });
  };
  const wanted = (name) => which == null || which === name;
  if (wanted('orders'))
    await timed('orders.csv', (file) => writeRows(file, ORDER_COLUMNS, orderLines({ seed, orders })));
  if (wanted('subscriptions'))
    await timed('subscriptions.csv', (file) =>
      writeRows(file, SUBSCRIPTION_COLUMNS, only(saasRows({ seed, customers }), 'subscription')),
    );
  if (wanted('nps'))
    await timed('nps.csv', (file) =>
      writeRows(file, NPS_COLUMNS, only(saasRows({ seed, customers }), 'nps'), NPS_FIELDS),
    );
  if (wanted('cancellations'))
    await timed('cancellations.csv', (file) =>
      writeRows(file, CANCELLATION_COLUMNS, only(saasRows({ seed, customers }), 'cancellation')),
    );
  if (wanted('cdnow'))
    await timed('cdnow.csv', async (file) => {
      const csv = cdnowCsv();
      await writeFile(file, csv);
      return csv.split('\n').length - 2;
    });
  return report;
}

const USAGE = `usage: node scripts/generate-samples.mjs [--out DIR] [--seed N] [--orders N] [--customers N] [--only ${DATASETS.join('|')}]
  --out DIR     where to write (default sample-data)
  --seed N      the random seed, an integer (default 42)
  --orders N    about how many e-commerce orders (default 50000; 1 to 4 lines each)
  --customers N SaaS customers of the subscriptions, NPS and cancellations (default 3000)
  --only NAME   write one dataset instead of all five`;

function parseArgs(args) {
  const options = { out: 'sample-data', seed: 42, orders: 50_000, customers: 3_000, only: null };
  for (let i = 0; i < args.length; i++) {
    const name = args[i];
    if (name === '--help' || name === '-h') return null;
    const value = args[i + 1];
    if (
      !['--out', '--seed', '--orders', '--customers', '--only'].includes(name) ||
      value == null ||
      value.startsWith('--')
    )
      throw new Error(`bad argument ${JSON.stringify(name)}`);
    i++;
    if (name === '--out') options.out = value;
    else if (name === '--only') {
      if (!DATASETS.includes(value)) throw new Error(`--only takes one of ${DATASETS.join(', ')}`);
      options.only = value;
    } else {
      const n = Number(value);
      const positive = name === '--orders' || name === '--customers';
      if (!Number.isSafeInteger(n) || (positive && n < 1))
        throw new Error(`${name} takes ${positive ? 'a positive' : 'an'} integer`);
      options[name.slice(2)] = n;
    }
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (options == null) {
    console.log(USAGE);
  } else {
    console.log(`seed ${options.seed}, writing to ${options.out}`);
    for (const r of await generate(options)) {
      console.log(
        `${r.file}: ${r.rows.toLocaleString('en')} rows, ${r.bytes.toLocaleString('en')} bytes ` +
          `(${(r.bytes / 1e6).toFixed(1)} MB), ${r.seconds.toFixed(2)} s`,
      );
    }
  }
}
