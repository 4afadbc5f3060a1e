import { CLOUDS, type Cloud } from '../domain/cloud';
import type { CostBasis, CostLine } from '../domain/cost';
import { adjacentCategory, dayOf, isPlatformService, ownerLines, totalLines } from '../detectors/spend';
import { day, daysOf, weekBefore, type ReportWeek } from './weekly-period';

/**
 * Spend of the report week against the week before and the average of the four weeks before it, per cloud, service
 * and owner. Pure. Every dollar is counted once: cloud and service figures come from each cloud's `total` breakdown,
 * owner figures from its owner breakdown (spend.ts), never both; amounts of different currencies stay in their own
 * rows. "ML spend" is the ML platform service plus the services around it where ML cost hides (data transfer,
 * network, storage, registry, logging, monitoring); anything else billed in the same accounts is counted apart.
 */

export const PRIOR_WEEKS = 4;

export interface SpendRow {
  /** Cloud name, service name or owner. */
  name: string;
  cloud?: Cloud;
  currency: string;
  thisWeek: number;
  /** Undefined when the week before is not fully covered by billing history. */
  lastWeek?: number;
  /** Average of the covered prior weeks (up to 4); undefined when none is covered. */
  average?: number;
  /** How many of the 4 prior weeks the average covers. */
  averageWeeks: number;
  basis: CostBasis;
  /** The cloud marked part of the figure as still estimated (Cost Explorer `Estimated`). */
  partlyEstimated: boolean;
}

export interface CloudHistory {
  cloud: Cloud;
  /** First day with any billed line in the collected window; undefined when the cloud returned none. */
  firstDay?: string;
  /** Prior weeks (0-4) fully inside the cloud's history. */
  priorWeeks: number;
}

export interface SpendSection {
  byCloud: SpendRow[];
  byService: SpendRow[];
  byOwner: SpendRow[];
  /** The week's days and each cloud's spend per day (per currency), for the daily chart; undefined = no line that day. */
  daily: { currency: string; days: string[]; byCloud: Partial<Record<Cloud, Array<number | undefined>>> }[];
  history: CloudHistory[];
  /** Spend in the same accounts outside ML services this week, per currency (counted apart, not in the rows). */
  otherServices: { currency: string; amount: number; services: number }[];
  /** Which clouds' owner rows cover only part of their spend (AWS: SageMaker only). */
  ownerNotes: string[];
}

/** Whether a billed line is ML spend: the platform itself or a service next to it. */
export function isMlSpend(line: CostLine): boolean {
  return isPlatformService(line) || adjacentCategory(line) !== undefined;
}

function inWeek(line: CostLine, week: ReportWeek): boolean {
  const d = dayOf(line);
  return d >= day(week.start) && d < day(week.end);
}

interface Acc {
  name: string;
  cloud?: Cloud;
  currency: string;
  weeks: number[];
  partlyEstimated: boolean;
}

/** Sums lines into rows keyed by `key`, with one amount per week (index 0 = the report week, 1..4 the weeks before). */
function aggregate(lines: readonly CostLine[], weeks: readonly ReportWeek[], key: (l: CostLine) => { name: string; cloud?: Cloud } | undefined): Map<string, Acc> {
  const out = new Map<string, Acc>();
  for (const l of lines) {
    const w = weeks.findIndex((wk) => inWeek(l, wk));
    if (w < 0) continue;
    const k = key(l);
    if (!k) continue;
    const id = `${k.cloud ?? ''}|${k.name}|${l.BillingCurrency}`;
    const acc = out.get(id) ?? { ...k, currency: l.BillingCurrency, weeks: weeks.map(() => 0), partlyEstimated: false };
    acc.weeks[w]! += l.BilledCost;
    if (w === 0 && l.estimated) acc.partlyEstimated = true;
    out.set(id, acc);
  }
  return out;
}

/** Prior weeks covered: the oldest of the clouds involved decides nothing; the row's own cloud (or the shortest) does. */
function toRow(acc: Acc, coveredWeeks: number): SpendRow {
  const prior = acc.weeks.slice(1, 1 + coveredWeeks);
  return {
    name: acc.name,
    ...(acc.cloud ? { cloud: acc.cloud } : {}),
    currency: acc.currency,
    thisWeek: acc.weeks[0]!,
    ...(coveredWeeks >= 1 ? { lastWeek: acc.weeks[1]! } : {}),
    ...(prior.length > 0 ? { average: prior.reduce((s, v) => s + v, 0) / prior.length } : {}),
    averageWeeks: prior.length,
    basis: 'billed',
    partlyEstimated: acc.partlyEstimated,
  };
}

const byAmount = (a: SpendRow, b: SpendRow) => a.currency.localeCompare(b.currency) || b.thisWeek - a.thisWeek || a.name.localeCompare(b.name);

export function cloudHistory(costs: readonly CostLine[], week: ReportWeek): CloudHistory[] {
  return CLOUDS.map((cloud) => {
    const days = totalLines(costs).filter((l) => l.cloud === cloud).map(dayOf).sort();
    const firstDay = days[0];
    let priorWeeks = 0;
    if (firstDay) for (let n = 1; n <= PRIOR_WEEKS && firstDay <= day(weekBefore(week, n).start); n++) priorWeeks = n;
    return { cloud, ...(firstDay ? { firstDay } : {}), priorWeeks };
  });
}

export function weeklySpend(costs: readonly CostLine[], week: ReportWeek, ownerTag: string): SpendSection {
  const weeks = [week, ...Array.from({ length: PRIOR_WEEKS }, (_, i) => weekBefore(week, i + 1))];
  const history = cloudHistory(costs, week);
  const covered = (cloud?: Cloud) => (cloud ? history.find((h) => h.cloud === cloud)!.priorWeeks : Math.min(...history.filter((h) => h.firstDay).map((h) => h.priorWeeks), PRIOR_WEEKS));
  const all = totalLines(costs);
  const ml = all.filter(isMlSpend);

  const byCloud = [...aggregate(ml, weeks, (l) => ({ name: l.cloud, cloud: l.cloud })).values()].map((a) => toRow(a, covered(a.cloud))).sort(byAmount);
  const byService = [...aggregate(ml, weeks, (l) => ({ name: l.ServiceName, cloud: l.cloud })).values()].map((a) => toRow(a, covered(a.cloud))).sort(byAmount);
  const owners = CLOUDS.flatMap((c) => ownerLines(costs, c).filter(isMlSpend));
  const byOwner = [...aggregate(owners, weeks, (l) => ({ name: l.Tags?.[ownerTag] || `(no ${ownerTag} tag)`, cloud: l.cloud })).values()]
    .map((a) => toRow(a, covered(a.cloud)))
    .sort(byAmount);

  const days = daysOf(week);
  const currencies = [...new Set(ml.filter((l) => inWeek(l, week)).map((l) => l.BillingCurrency))].sort();
  const daily = currencies.map((currency) => {
    const byCloudDaily: Partial<Record<Cloud, Array<number | undefined>>> = {};
    for (const cloud of CLOUDS) {
      const lines = ml.filter((l) => l.cloud === cloud && l.BillingCurrency === currency && inWeek(l, week));
      if (lines.length === 0) continue;
      byCloudDaily[cloud] = days.map((d) => {
        const ofDay = lines.filter((l) => dayOf(l) === d);
        return ofDay.length === 0 ? undefined : ofDay.reduce((s, l) => s + l.BilledCost, 0);
      });
    }
    return { currency, days, byCloud: byCloudDaily };
  });

  const other = all.filter((l) => !isMlSpend(l) && inWeek(l, week));
  const otherServices = [...new Set(other.map((l) => l.BillingCurrency))].sort().map((currency) => {
    const of = other.filter((l) => l.BillingCurrency === currency);
    return { currency, amount: of.reduce((s, l) => s + l.BilledCost, 0), services: new Set(of.map((l) => `${l.cloud}|${l.ServiceName}`)).size };
  });

  const ownerNotes: string[] = [];
  if (costs.some((l) => l.cloud === 'aws' && l.breakdown === 'owner')) ownerNotes.push('AWS owner figures cover Amazon SageMaker only (Cost Explorer groups by one tag per query).');
  return { byCloud, byService, byOwner, daily, history, otherServices, ownerNotes };
}
