import { z } from 'zod';
import { CLOUDS } from '../domain/cloud';

const thresholds = z
  .array(z.number().gt(0).max(1000))
  .min(1)
  .refine((t) => t.every((x, i) => i === 0 || x > t[i - 1]!), 'list the percentages in increasing order, each once');

export const budgetSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}$/, 'a short name: letters, digits, spaces, dot, underscore, hyphen').describe('Shown in alerts; part of the alert fingerprint.'),
  amount: z.number().positive().describe('Monthly budget in `currency`.'),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD').default('USD').describe('Only spend billed in this currency counts (never converted).'),
  cloud: z.enum(CLOUDS).optional().describe('Only this cloud; every cloud when unset.'),
  account: z.string().min(1).optional().describe('Only this AWS account, Google project or Azure subscription id.'),
  owner: z.string().min(1).optional().describe('Only spend whose owner tag has this value (AWS: SageMaker spend only, from its owner breakdown).'),
  services: z
    .enum(['ml-platform', 'all'])
    .default('ml-platform')
    .describe('ml-platform: SageMaker AI, Vertex AI, Azure Machine Learning only; all: every service of the scope.'),
});

/** `detectors.budget-overrun` of the config file (src/config/schema.ts). */
export const budgetOverrunSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Check month-to-date spend and the month-end forecast against the budgets.'),
    budgets: z.array(budgetSchema).default([]).describe('Monthly budgets; none by default. An empty scope (no cloud, account, owner) is the whole ML spend.'),
    actualThresholdsPct: thresholds.default([50, 80, 100]).describe('Alert when month-to-date spend reaches these % of a budget (each once per month).'),
    forecastThresholdsPct: thresholds.default([50, 80, 100]).describe('Alert when the month-end forecast reaches these % of a budget (each once per month), unless the actual already did.'),
    runRateDays: z.number().int().min(3).max(28).default(7).describe('Complete days whose median daily spend projects the rest of the month.'),
  })
  .superRefine((b, ctx) => {
    const seen = new Map<string, number>();
    b.budgets.forEach((x, i) => {
      const first = seen.get(x.name.toLowerCase());
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['budgets', i, 'name'], message: `duplicate budget name "${x.name}" (also budgets[${first}])` });
      else seen.set(x.name.toLowerCase(), i);
    });
  });
