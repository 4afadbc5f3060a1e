import type { GroupDefinition, ResultByTime } from '@aws-sdk/client-cost-explorer';
import type { CostLine } from '../../domain/cost';

/**
 * Pure mapping of GetCostAndUsage answers to FOCUS-named CostLines.
 * - Amounts are decimal STRINGS ("40.3527508453"), parsed here.
 * - TAG group keys come back as "<tagKey>$<tagValue>", and "<tagKey>$" for resources without the tag.
 * - Keys follow the order of GroupDefinitions, so each key is read through its definition, not by position guess.
 */

/** The two metrics we request: UnblendedCost is what the bill shows; AmortizedCost spreads RIs/Savings Plans. */
export const BILLED_METRIC = 'UnblendedCost';
export const EFFECTIVE_METRIC = 'AmortizedCost';

/** A page's worth of answer, as cached: the group definitions travel with the results they explain. */
export interface CostAnswer {
  GroupDefinitions?: GroupDefinition[];
  ResultsByTime: ResultByTime[];
}

/**
 * Savings Plans fees (recurring and upfront) come back as their own SERVICE values: "Savings Plans for AWS Compute
 * usage" (Compute and EC2 Instance Savings Plans) and "Savings Plans for AWS Machine Learning" (SageMaker Savings
 * Plans ⚠️ value seen in community code, not in AWS's docs). The commitment then shows without any extra request.
 */
export const SAVINGS_PLANS_SERVICE = /^Savings Plans for /i;

/** The value of a TAG group key: "owner$team-a" -> "team-a"; "owner$" -> "" (resources without the tag). */
export function splitTagKey(key: string, tagKey: string): string {
  const prefix = `${tagKey}$`;
  return key.startsWith(prefix) ? key.slice(prefix.length) : key.slice(key.indexOf('$') + 1);
}

function amount(v: { Amount?: string } | undefined): number | undefined {
  if (v?.Amount === undefined) return undefined;
  const n = Number(v.Amount);
  return Number.isFinite(n) ? n : undefined;
}

function day(s: string | undefined): Date | undefined {
  if (!s) return undefined;
  const d = new Date(s.length === 10 ? `${s}T00:00:00Z` : s);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export interface CostLineOptions {
  /** Human words for where the figures come from, shown next to every number. */
  source: string;
  /** Used when a result has no SERVICE group key (e.g. a query filtered to one service). */
  defaultServiceName?: string;
}

/**
 * One CostLine per (day, group). Lines of a TAG-grouped query always carry `Tags` (`{}` for the untagged
 * remainder), lines of a SERVICE-only query never do: consumers tell an owner breakdown from service totals by that.
 */
export function toCostLines(answer: CostAnswer, opts: CostLineOptions): CostLine[] {
  const defs = answer.GroupDefinitions ?? [];
  const tagged = defs.some((d) => d.Type === 'TAG');
  const lines: CostLine[] = [];
  for (const r of answer.ResultsByTime) {
    const start = day(r.TimePeriod?.Start);
    const end = day(r.TimePeriod?.End);
    if (!start || !end) continue;
    // Ungrouped queries put the figures in Total; grouped ones leave Total as {} and fill Groups.
    const groups = defs.length ? (r.Groups ?? []) : [{ Keys: [], Metrics: r.Total }];
    for (const g of groups) {
      const billed = amount(g.Metrics?.[BILLED_METRIC]);
      if (billed === undefined) continue;
      const effective = amount(g.Metrics?.[EFFECTIVE_METRIC]) ?? billed;
      let service = opts.defaultServiceName;
      let account: string | undefined;
      const tags: Record<string, string> = {};
      defs.forEach((d, i) => {
        const key = g.Keys?.[i];
        if (key === undefined || !d.Key) return;
        if (d.Type === 'DIMENSION' && d.Key === 'SERVICE') service = key;
        if (d.Type === 'DIMENSION' && d.Key === 'LINKED_ACCOUNT' && key !== '') account = key;
        if (d.Type === 'TAG') {
          const value = splitTagKey(key, d.Key);
          if (value !== '') tags[d.Key] = value;
        }
      });
      lines.push({
        cloud: 'aws',
        ChargePeriodStart: start,
        ChargePeriodEnd: end,
        BilledCost: billed,
        EffectiveCost: effective,
        BillingCurrency: g.Metrics?.[BILLED_METRIC]?.Unit ?? 'USD',
        ServiceName: service ?? 'unknown',
        ...(account ? { SubAccountId: account } : {}),
        ...(tagged ? { Tags: tags } : {}),
        basis: 'billed',
        breakdown: tagged ? 'owner' : 'total',
        source: opts.source,
        ...(r.Estimated ? { estimated: true } : {}),
        ...(!tagged && service && SAVINGS_PLANS_SERVICE.test(service) ? { CommitmentDiscountType: 'Savings Plans' } : {}),
      });
    }
  }
  return lines;
}
