import { z } from 'zod';
import { CLOUDS, type Cloud } from '../domain/cloud';

const thresholds = z
  .array(z.number().gt(0).max(1000))
  .min(1)
  .refine((t) => t.every((x, i) => i === 0 || x > t[i - 1]!), 'list the percentages in increasing order, each once (e.g. [50, 80, 100])');

/** What an account id looks like on each cloud, so a typo (or an id of another cloud) fails at load, not silently. */
export const ACCOUNT_SHAPES: Readonly<Record<Cloud, { re: RegExp; what: string }>> = {
  aws: { re: /^\d{12}$/, what: 'an AWS account id is 12 digits' },
  gcp: { re: /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, what: 'a Google project id is 6-30 lowercase letters, digits and hyphens' },
  azure: { re: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, what: 'an Azure subscription id is a GUID' },
};

/** The cloud an account id belongs to when the budget names no cloud (AWS: 12 digits, Azure: a GUID, else Google). */
export function cloudOfAccount(account: string): Cloud {
  if (ACCOUNT_SHAPES.aws.re.test(account)) return 'aws';
  if (ACCOUNT_SHAPES.azure.re.test(account)) return 'azure';
  return 'gcp';
}

export const budgetSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}$/, 'a short name: letters, digits, spaces, dot, underscore, hyphen').describe('Shown in alerts; part of the alert fingerprint.'),
    amount: z.number().positive().describe('Monthly budget in `currency`.'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD').default('USD').describe('Only spend billed in this currency counts (never converted; other currencies are named in the alert).'),
    cloud: z.enum(CLOUDS).optional().describe('Only this cloud; every cloud when unset.'),
    account: z.string().min(1).optional().describe('Only this AWS account, Google project or Azure subscription id.'),
    owner: z.string().min(1).optional().describe('Only spend whose owner tag has this value (AWS: SageMaker spend only, from its owner breakdown).'),
    services: z
      .enum(['ml-platform', 'all'])
      .default('ml-platform')
      .describe('ml-platform: SageMaker AI, Vertex AI, Azure Machine Learning only; all: every service of the scope.'),
  })
  .superRefine((b, ctx) => {
    if (b.account && b.cloud && !ACCOUNT_SHAPES[b.cloud].re.test(b.account)) {
      ctx.addIssue({ code: 'custom', path: ['account'], message: `"${b.account}" is not a ${b.cloud} account: ${ACCOUNT_SHAPES[b.cloud].what}` });
    }
  });

/** `detectors.budget-overrun` of the config file (src/config/schema.ts). */
export const budgetOverrunSchema = z
  .strictObject({
    enabled: z.boolean().default(true).describe('Check month-to-date spend and the month-end forecast against the budgets.'),
    budgets: z.array(budgetSchema).default([]).describe('Monthly budgets; none by default. An empty scope (no cloud, account, owner) is the whole ML spend.'),
    actualThresholdsPct: thresholds.default([50, 80, 100]).describe('Alert when month-to-date spend reaches these % of a budget (each once per month).'),
    forecastThresholdsPct: thresholds.default([50, 80, 100]).describe('Alert when the month-end forecast reaches these % of a budget (each once per month), unless the actual already did.'),
    cloudForecast: z
      .boolean()
      .default(true)
      .describe('Use the cloud\'s own month-end forecast where it has one (AWS Cost Explorer GetCostForecast, $0.01 a request, cached; Azure Cost Management); false: the run rate everywhere.'),
    runRateDays: z.number().int().min(3).max(28).default(7).describe('Complete days whose median daily spend projects the rest of the month where no cloud forecast applies (Google; owner scopes).'),
  })
  .superRefine((b, ctx) => {
    const seen = new Map<string, number>();
    b.budgets.forEach((x, i) => {
      const first = seen.get(x.name.toLowerCase());
      if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['budgets', i, 'name'], message: `duplicate budget name "${x.name}" (also budgets[${first}]): names key the alerts` });
      else seen.set(x.name.toLowerCase(), i);
    });
  });
