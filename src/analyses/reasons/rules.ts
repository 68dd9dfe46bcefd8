// Churn-reason rules: the taxonomy a cancellation reason or comment is classified into, by keywords, each
// reason tagged controllable or not (no vendor publishes such a flag: this one is a proposal the user
// edits). Reaches the SQL (reasons_parts.sql) as one text parameter: one rule per line, fields separated by
// tabs (name, `yes` or `no`, keywords separated by `|`). The first rule that matches wins; a text no rule
// matches is Unclassified. The classifier below is the SQL's, written again in TypeScript for the editor's
// preview and for tests.

export interface ReasonRule {
  name: string;
  controllable: boolean;
  keywords: string[];
}

/** The shipped taxonomy, English and Chinese keywords (a keyword matches anywhere in the text). */
export const DEFAULT_REASON_RULES: ReasonRule[] = [
  {
    name: 'No longer needed',
    controllable: false,
    keywords: [
      'no longer need',
      'not needed',
      "don't need",
      'do not need',
      'closed',
      'closing',
      'shut down',
      'out of business',
      'project ended',
      'bankrupt',
      '不再需要',
      '不需要',
      '用不上',
      '倒闭',
      '关闭',
      '停业',
      '项目结束',
    ],
  },
  {
    name: 'Temporary (pause)',
    controllable: false,
    keywords: [
      'temporar',
      'pause',
      'seasonal',
      'for now',
      'take a break',
      'come back later',
      '暂时',
      '暂停',
      '季节',
      '以后再',
    ],
  },
  {
    name: 'Switched to a competitor',
    controllable: true,
    keywords: [
      'competitor',
      'switch',
      'alternative',
      'moved to',
      'another tool',
      'another provider',
      '竞争',
      '竞品',
      '换成',
      '改用',
      '其他产品',
      '别家',
    ],
  },
  {
    name: 'Price',
    controllable: true,
    keywords: [
      'expensive',
      'price',
      'pricing',
      'cost',
      'afford',
      'budget',
      'cheaper',
      'too much',
      '贵',
      '价格',
      '费用',
      '预算',
      '性价比',
      '涨价',
    ],
  },
  {
    name: 'Missing feature',
    controllable: true,
    keywords: [
      'missing',
      'feature',
      'integration',
      'does not do',
      "doesn't do",
      'lacks',
      'not support',
      'functionality',
      '缺少',
      '功能',
      '集成',
      '不支持',
    ],
  },
  {
    name: 'Quality / bugs',
    controllable: true,
    keywords: [
      'bug',
      'crash',
      'slow',
      'error',
      'broken',
      'technical',
      'reliab',
      'unstable',
      'downtime',
      'outage',
      '出错',
      '故障',
      '卡顿',
      '不稳定',
      '很慢',
      '速度慢',
      '错误',
    ],
  },
  {
    name: 'Support / experience',
    controllable: true,
    keywords: [
      'support',
      'service',
      'response',
      'onboarding',
      'hard to use',
      'difficult',
      'confusing',
      'complicated',
      'billing',
      '客服',
      '服务',
      '响应',
      '难用',
      '复杂',
      '账单',
    ],
  },
  {
    name: 'Shipping / delivery',
    controllable: true,
    keywords: ['shipping', 'delivery', 'arrived late', 'courier', '物流', '配送', '快递', '发货'],
  },
];

/** Limits on the rules a link or the editor may carry. */
export const REASON_RULE_LIMITS = { rules: 40, name: 60, keywords: 1000 };

const clean = (text: string) => text.replace(/[\t\r\n|]+/g, ' ').trim();

/** The rules as the SQL parameter: tabs, newlines and bars in names and keywords become spaces. */
export function encodeReasonRules(rules: ReasonRule[]): string {
  return rules
    .map((rule) =>
      [
        clean(rule.name) || '?',
        rule.controllable ? 'yes' : 'no',
        rule.keywords
          .map((k) => clean(k).toLowerCase())
          .filter(Boolean)
          .join('|'),
      ].join('\t'),
    )
    .join('\n');
}

export function decodeReasonRules(text: string): ReasonRule[] {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [name, controllable, keywords = ''] = line.split('\t');
      return {
        name,
        controllable: controllable === 'yes',
        keywords: keywords.split('|').filter((k) => k.trim() !== ''),
      };
    });
}

/**
 * Throws (an English detail for the message) unless `text` is rules in the parameter's format: one rule per
 * line, a name, `yes` or `no`, and keywords separated by `|`, separated by tabs.
 */
export function checkReasonRules(text: string): void {
  const lines = text.split('\n').filter((line) => line.trim());
  if (lines.length > REASON_RULE_LIMITS.rules)
    throw new Error(`more than ${REASON_RULE_LIMITS.rules} reasons`);
  lines.forEach((line, i) => {
    const [name, controllable, keywords = '', ...rest] = line.split('\t');
    if (!name.trim() || name.length > REASON_RULE_LIMITS.name)
      throw new Error(`reason ${i + 1}: a name of 1 to ${REASON_RULE_LIMITS.name} characters`);
    if (controllable !== 'yes' && controllable !== 'no')
      throw new Error(`reason ${i + 1}: controllable "yes" or "no"`);
    if (rest.length > 0 || keywords.length > REASON_RULE_LIMITS.keywords)
      throw new Error(
        `reason ${i + 1}: keywords separated by | (at most ${REASON_RULE_LIMITS.keywords} characters)`,
      );
  });
  const names = lines.map((line) => line.split('\t')[0].trim().toLowerCase());
  if (new Set(names).size !== names.length) throw new Error('two reasons with the same name');
}

/**
 * The reason a cancellation's text falls in under the rules (the SQL's rule, in order): a reason written
 * exactly as a rule's name is that rule; otherwise the first rule with a keyword inside the text
 * (case-insensitive); none: null (Unclassified).
 */
export function classifyReason(
  rules: ReasonRule[],
  reason: string | null,
  comment: string | null = null,
): string | null {
  const text = [reason, comment]
    .filter((t) => t != null && t !== '')
    .join(' ')
    .toLowerCase();
  const exact = rules.find((r) => reason != null && r.name.toLowerCase() === reason.trim().toLowerCase());
  if (exact) return exact.name;
  return rules.find((r) => r.keywords.some((k) => k !== '' && text.includes(k.toLowerCase())))?.name ?? null;
}
