import type { WatchdogConfig } from '../config/schema';
import { refKey, type Cloud, type ResourceRef } from '../domain/cloud';
import type { CostLine } from '../domain/cost';
import type { Snapshot } from '../domain/snapshot';
import type { AdjacentCategory, HiddenCostFinding, HiddenCostPart, HiddenCostRule, Severity } from '../domain/finding';
import { formatMoney } from '../domain/money';
import { resourceNamer } from './anomaly-drivers';
import { DAYS_PER_MONTH } from './cost-anomaly-finding';
import { severityFor } from './idle-gpu';
import { adjacentCategory, dayOf, isPlatformService, ML_PLATFORM_SERVICES, totalLines } from './spend';
import { addDays } from './spend-baseline';
import { scopeName } from './spend-scopes';
import { groupBy } from '../lib/group-by';

const DAY_MS = 86_400_000;

export const CATEGORY_LABELS: Record<AdjacentCategory, string> = {
  'data-transfer': 'Data transfer',
  network: 'Network (NAT, VPC)',
  storage: 'Storage',
  logging: 'Logging',
  monitoring: 'Monitoring',
  registry: 'Container registry',
};

/** The usual cause per category and what fixes it: the recommendation's one sentence. */
const ADVICE: Record<AdjacentCategory, string> = {
  'data-transfer': 'look for cross-region or cross-zone traffic (data in one region, endpoints or training in another; multi-zone chatter) and keep data next to the compute',
  network: 'NAT gateways bill per GB processed: send S3, ECR and other service traffic through VPC endpoints (S3 gateway endpoints are free; on Google Private Google Access, on Azure private or service endpoints) instead of NAT',
  storage: 'add lifecycle rules that expire or tier old model artifacts, checkpoints and datasets, and delete orphaned volumes',
  logging: 'set a retention period on the log groups or workspace and turn down verbose (DEBUG, per-request payload) logging from endpoints and training jobs',
  monitoring: 'cut custom and high-resolution metrics and trace sampling to what the dashboards and alarms use',
  registry: 'add a cleanup (lifecycle) policy that deletes untagged and old container images',
};

const sum = (lines: readonly CostLine[], days: ReadonlySet<string>): number => lines.reduce((s, l) => (days.has(dayOf(l)) ? s + l.BilledCost : s), 0);
const growth = (last: number, prev: number): number | undefined => (prev > 0 ? (last / prev - 1) * 100 : undefined);

function parts(lines: readonly CostLine[], key: (l: CostLine) => string | undefined, last: ReadonlySet<string>, prev: ReadonlySet<string>, max: number): HiddenCostPart[] {
  const by = new Map<string, HiddenCostPart>();
  for (const l of lines) {
    const k = key(l);
    if (k === undefined) continue;
    const p = by.get(k) ?? { name: k, last7Days: 0, previous7Days: 0 };
    if (last.has(dayOf(l))) p.last7Days += l.BilledCost;
    if (prev.has(dayOf(l))) p.previous7Days += l.BilledCost;
    by.set(k, p);
  }
  return [...by.values()].filter((p) => p.last7Days > 0).sort((a, b) => b.last7Days - a.last7Days).slice(0, max);
}

/**
 * `hidden-cost`: spend in the services around the ML platform (data transfer, NAT/network, storage, logging,
 * monitoring, container registry; spend.ts adjacentCategory) per account, over the last 7 complete days against the
 * 7 before. It fires when a category grows faster than the platform's own spend by `growthPctMargin` points (a
 * shrinking platform counts as flat: a steady bucket next to a parked endpoint is not news), or costs more than
 * `maxSharePct` of the platform; either way only above `minMonthlyCost`. Days a cloud has no data for are not
 * compared (a growth needs all 14 days, a share the last 7).
 */
export function detectHiddenCost(snapshot: Snapshot, config: WatchdogConfig, now: Date): HiddenCostFinding[] {
  const policy = config.detectors['hidden-cost'];
  if (!policy.enabled) return [];
  const today = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  const lastDays = Array.from({ length: 7 }, (_, i) => addDays(today, -1 - i));
  const prevDays = Array.from({ length: 7 }, (_, i) => addDays(today, -8 - i));
  const last = new Set(lastDays);
  const prev = new Set(prevDays);
  const period = { last: [lastDays[6]!, lastDays[0]!] as [string, string], previous: [prevDays[6]!, prevDays[0]!] as [string, string] };

  const findings: HiddenCostFinding[] = [];
  const accounts = groupBy(totalLines(snapshot.costs), (l) => JSON.stringify([l.cloud, l.SubAccountId ?? '*', l.BillingCurrency]));
  for (const [key, lines] of accounts) {
    const [cloud, account, currency] = JSON.parse(key) as [Cloud, string, string];
    const covered = new Set(lines.map(dayOf));
    if (!lastDays.every((d) => covered.has(d))) continue;
    const fullHistory = prevDays.every((d) => covered.has(d));
    const platform = lines.filter(isPlatformService);
    const pLast = sum(platform, last);
    if (pLast <= 0) continue; // no ML platform spend in this account: nothing for the adjacent services to hide behind
    const pPrev = sum(platform, prev);
    const pGrowth = fullHistory ? growth(pLast, pPrev) : undefined;
    const byCategory = groupBy(
      lines.filter((l) => adjacentCategory(l) !== undefined),
      (l) => adjacentCategory(l)!,
    );
    for (const [category, catLines] of byCategory as Map<AdjacentCategory, CostLine[]>) {
      const cLast = sum(catLines, last);
      const monthly = (cLast / 7) * DAYS_PER_MONTH;
      if (monthly < policy.minMonthlyCost) continue;
      const cPrev = sum(catLines, prev);
      const cGrowth = growth(cLast, cPrev);
      const sharePct = (cLast / pLast) * 100;
      const rules: HiddenCostRule[] = [];
      // New spend (nothing the week before) outgrows anything; a shrinking platform counts as flat.
      const outgrows = cGrowth === undefined ? cLast > 0 : cGrowth - Math.max(pGrowth ?? 0, 0) >= policy.growthMarginPct;
      if (fullHistory && pGrowth !== undefined && outgrows) rules.push('outgrows-platform');
      if (sharePct >= policy.maxSharePct) rules.push('large-share');
      if (rules.length === 0) continue;
      const ref: ResourceRef = {
        cloud,
        account,
        region: 'global',
        kind: 'cost-scope',
        name: scopeName(cloud, account, category),
        id: `hidden:${cloud}:${account}:${category}`,
      };
      const services = parts(catLines, (l) => l.ServiceName, last, prev, 5);
      const resources = parts(catLines, resourceNamer(snapshot), last, prev, 3);
      const m = (x: number) => formatMoney({ amount: x, currency }, 2);
      const pct = (x: number | undefined) => (x === undefined ? 'new' : `${Math.round(x) >= 0 ? '+' : ''}${Math.round(x) === 0 ? 0 : Math.round(x)}%`);
      const platformName = ML_PLATFORM_SERVICES[cloud].join(' + ');
      const serviceNames = services.map((s) => s.name).join(', ');
      findings.push({
        kind: 'hidden-cost',
        fingerprint: `hidden-cost:${refKey(ref)}`,
        ref,
        tags: {},
        title: title(CATEGORY_LABELS[category], serviceNames, { rules, cGrowth, pGrowth, sharePct, platformName, monthly: formatMoney({ amount: monthly, currency }, 0) }),
        severity: severityOf(monthly),
        detectedAt: now,
        cost: {
          monthly: { amount: monthly, currency },
          basis: 'billed',
          explanation:
            `billed ${m(cLast)} for ${serviceNames} over the last 7 complete days (${period.last[0]} .. ${period.last[1]}) x ${DAYS_PER_MONTH}/7 days; ` +
            `the 7 before ${m(cPrev)} (${pct(cGrowth)}); ${platformName} ${m(pLast)} vs ${m(pPrev)} (${fullHistory ? pct(pGrowth) : 'no full history'}), share ${sharePct.toFixed(0)}%`,
        },
        recommendation: { action: 'none', summary: `${CATEGORY_LABELS[category]} next to ${platformName}: ${ADVICE[category]}.`, reversible: false },
        evidence: {
          category,
          rules,
          last7Days: cLast,
          previous7Days: cPrev,
          ...(cGrowth !== undefined ? { growthPct: cGrowth } : {}),
          platformLast7Days: pLast,
          platformPrevious7Days: pPrev,
          ...(pGrowth !== undefined ? { platformGrowthPct: pGrowth } : {}),
          sharePct,
          period,
          currency,
          services,
          resources,
        },
      });
    }
  }
  return findings;
}

function title(label: string, services: string, t: { rules: HiddenCostRule[]; cGrowth?: number | undefined; pGrowth?: number | undefined; sharePct: number; platformName: string; monthly: string }): string {
  const pct = (x: number) => `${Math.round(x) >= 0 ? '+' : ''}${Math.round(x) === 0 ? 0 : Math.round(x)}%`;
  if (!t.rules.includes('outgrows-platform')) return `${label}: ${services} costs ${t.sharePct.toFixed(0)}% of ${t.platformName} spend (${t.monthly}/month)`;
  if (t.cGrowth === undefined) return `${label}: ${services} is new, ${t.monthly}/month that was not there the week before`;
  const platform = Math.abs(t.pGrowth ?? 0) < 2 ? 'stayed flat' : `grew ${pct(t.pGrowth!)}`;
  return `${label}: ${services} grew ${pct(t.cGrowth)} in a week while ${t.platformName} ${platform} (${t.monthly}/month)`;
}

/** The monthly figure decides, capped at high: a growing bill is never an emergency by itself. */
function severityOf(monthly: number): Severity {
  const s = severityFor(monthly);
  return s === 'critical' ? 'high' : s;
}
