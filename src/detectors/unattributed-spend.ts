import type { WatchdogConfig } from '../config/schema';
import { CLOUDS, refKey, type Cloud, type ResourceRef, type Tags } from '../domain/cloud';
import type { CostEstimate } from '../domain/cost';
import type { Severity, UnattributedSpendFinding, UntaggedResource } from '../domain/finding';
import { formatMoney } from '../domain/money';
import type { InstanceSpec } from '../domain/resources';
import type { Snapshot } from '../domain/snapshot';
import { estimateMonthlyCost } from './cost-estimate';
import { DAYS_PER_MONTH } from './cost-anomaly-finding';
import { exclusionReason } from './exclusions';
import { severityFor } from './idle-gpu';
import { dayOf, isPlatformService, ownerLines } from './spend';
import { addDays } from './spend-baseline';
import { scopeName } from './spend-scopes';
import { groupBy } from '../lib/group-by';

const DAY_MS = 86_400_000;

interface LiveResource {
  ref: ResourceRef;
  tags: Tags;
  providerStatus: string;
  running: { instance: InstanceSpec; count: number }[];
}

/** Every ML resource that still exists and may bill: endpoints, notebooks not stopped, training jobs in progress. */
function liveResources(snapshot: Snapshot): LiveResource[] {
  return [
    ...snapshot.endpoints.map((e) => ({ ref: e.ref, tags: e.tags, providerStatus: e.providerStatus, running: e.variants.map((v) => ({ instance: v.instance, count: v.currentInstanceCount })) })),
    ...snapshot.notebooks
      .filter((n) => n.status !== 'stopped' && n.status !== 'deleting')
      .map((n) => ({ ref: n.ref, tags: n.tags, providerStatus: n.providerStatus, running: [{ instance: n.instance, count: n.status === 'in-service' ? 1 : 0 }] })),
    ...snapshot.trainingJobs
      .filter((j) => j.status === 'in-service' || j.status === 'creating')
      .map((j) => ({ ref: j.ref, tags: j.tags, providerStatus: j.providerStatus, running: [{ instance: j.instance, count: j.status === 'in-service' ? j.instanceCount : 0 }] })),
  ];
}

/**
 * `unattributed-spend`: ML platform spend and ML resources without the owner tag, per account, so alerts can be
 * routed and chargeback adds up. Spend comes from each cloud's owner breakdown (spend.ts ownerLines: AWS Cost Explorer
 * SageMaker by owner tag and LINKED_ACCOUNT, Azure Cost Management by owner tag, Google's labelled export rows) over
 * the last `days` complete days, restricted to the platform service. A cloud that read no owner breakdown (billing off
 * or failing) is judged on its untagged running resources at list price instead, never on silence.
 */
export function detectUnattributedSpend(snapshot: Snapshot, config: WatchdogConfig, now: Date): UnattributedSpendFinding[] {
  const policy = config.detectors['unattributed-spend'];
  if (!policy.enabled) return [];
  const tagKey = config.ownerTag;
  const today = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
  const days = new Set(Array.from({ length: policy.days }, (_, i) => addDays(today, -1 - i)));
  const period: [string, string] = [addDays(today, -policy.days), addDays(today, -1)];
  const untagged = liveResources(snapshot).filter((r) => !r.tags[tagKey] && !exclusionReason(r.ref.name, r.tags, config.exclusions));
  const findings: UnattributedSpendFinding[] = [];

  for (const cloud of CLOUDS) {
    const lines = ownerLines(snapshot.costs, cloud).filter((l) => isPlatformService(l) && days.has(dayOf(l)));
    const cloudResources = untagged.filter((r) => r.ref.cloud === cloud);
    if (lines.length === 0) {
      findings.push(...fromResources(cloud, cloudResources, snapshot, config, now));
      continue;
    }
    for (const [key, group] of groupBy(lines, (l) => JSON.stringify([l.SubAccountId ?? '*', l.BillingCurrency]))) {
      const [account, currency] = JSON.parse(key) as [string, string];
      const total = group.reduce((s, l) => s + l.BilledCost, 0);
      const without = group.filter((l) => !l.Tags?.[tagKey]).reduce((s, l) => s + l.BilledCost, 0);
      const monthly = (without / policy.days) * DAYS_PER_MONTH;
      const sharePct = total > 0 ? (without / total) * 100 : 0;
      if (monthly < policy.minMonthlyCost || sharePct < policy.minSharePct) continue;
      const resources = cloudResources.filter((r) => account === '*' || r.ref.account === account);
      const cost: CostEstimate = {
        monthly: { amount: monthly, currency },
        hourly: { amount: monthly / DAYS_PER_MONTH / 24, currency },
        basis: 'billed',
        explanation: `billed ${formatMoney({ amount: without, currency })} of ${formatMoney({ amount: total, currency })} ML platform spend without the ${tagKey} tag over ${period[0]} .. ${period[1]} (${sharePct.toFixed(0)}%), x ${DAYS_PER_MONTH.toFixed(1)}/${policy.days} days`,
      };
      findings.push(finding(cloud, account, cost, resources, config, now, {
        source: 'billed-owner-breakdown', untaggedSpend: without, totalSpend: total, sharePct, period, days: policy.days, currency,
      }));
    }
  }
  return findings;
}

/** No owner breakdown for this cloud: the untagged running resources at their estimated cost, per account. */
function fromResources(cloud: Cloud, resources: readonly LiveResource[], snapshot: Snapshot, config: WatchdogConfig, now: Date): UnattributedSpendFinding[] {
  const policy = config.detectors['unattributed-spend'];
  const out: UnattributedSpendFinding[] = [];
  for (const [account, group] of groupBy(resources, (r) => r.ref.account)) {
    const estimates = group.map((r) => estimateMonthlyCost(r.ref, r.running, snapshot.costs, now)).filter((e) => e.monthly.amount > 0);
    const currency = estimates[0]?.monthly.currency ?? 'USD';
    const monthly = estimates.filter((e) => e.monthly.currency === currency).reduce((s, e) => s + e.monthly.amount, 0);
    if (monthly < policy.minMonthlyCost) continue;
    const basis = estimates.every((e) => e.basis === 'billed') ? 'billed' : estimates.some((e) => e.basis === 'list-price') ? 'list-price' : 'estimate';
    const cost: CostEstimate = {
      monthly: { amount: monthly, currency },
      hourly: { amount: monthly / DAYS_PER_MONTH / 24, currency },
      basis,
      explanation: `no billed owner breakdown was read for ${cloud}: ${estimates.length} running resource(s) without the ${config.ownerTag} tag, each at its own estimate (billed per resource where known, else list price x running instances)`,
    };
    out.push(finding(cloud, account, cost, group, config, now, {
      source: 'untagged-resources', untaggedSpend: monthly, totalSpend: monthly, days: policy.days, currency,
    }));
  }
  return out;
}

function finding(
  cloud: Cloud,
  account: string,
  cost: CostEstimate,
  resources: readonly LiveResource[],
  config: WatchdogConfig,
  now: Date,
  spend: Pick<UnattributedSpendFinding['evidence'], 'source' | 'untaggedSpend' | 'totalSpend' | 'sharePct' | 'period' | 'days' | 'currency'>,
): UnattributedSpendFinding {
  const policy = config.detectors['unattributed-spend'];
  const tagKey = config.ownerTag;
  const ref: ResourceRef = { cloud, account, region: 'global', kind: 'cost-scope', name: scopeName(cloud, account, 'untagged ML spend'), id: `unattributed:${cloud}:${account}` };
  const listed: UntaggedResource[] = resources
    .slice()
    .sort((a, b) => a.ref.name.localeCompare(b.ref.name))
    .slice(0, policy.maxResourcesListed)
    .map((r) => ({ kind: r.ref.kind, name: r.ref.name, region: r.ref.region, providerStatus: r.providerStatus }));
  const tagNotInBilling = spend.source === 'billed-owner-breakdown' && resources.length === 0;
  return {
    kind: 'unattributed-spend',
    fingerprint: `unattributed-spend:${refKey(ref)}`,
    ref,
    tags: {},
    title: `${cost.monthly.currency === 'USD' ? '' : `${cost.monthly.currency} `}ML spend without the ${tagKey} tag in ${ref.name.replace(/ untagged ML spend$/, '')}`,
    severity: severityOf(cost.monthly.amount),
    detectedAt: now,
    cost,
    recommendation: { action: 'none', summary: advice(cloud, tagKey, resources.length, tagNotInBilling), reversible: false },
    evidence: { tagKey, ...spend, resources: listed, resourceCount: resources.length, tagNotInBilling },
  };
}

function advice(cloud: Cloud, tagKey: string, untaggedResources: number, tagNotInBilling: boolean): string {
  const billingTag =
    cloud === 'aws'
      ? `activate ${tagKey} as a cost allocation tag in the Billing console (Cost Explorer only groups by activated tags, and only from activation on)`
      : cloud === 'gcp'
        ? `labels reach the billing export only from the time they are set`
        : `tags reach Cost Management only from the time they are set (and only for resources that support tags)`;
  if (tagNotInBilling) return `Every ML resource found carries ${tagKey}, yet the bill shows untagged spend: ${billingTag}; the rest is resources already deleted.`;
  const what = untaggedResources === 1 ? 'the resource listed' : `the ${untaggedResources} resources listed`;
  return `Tag ${what} with ${tagKey} (a team name) so alerts reach their owners and chargeback adds up; ${billingTag}.`;
}

/** Attribution is housekeeping, not an outage: by the money at stake (severityFor), but at most medium. */
function severityOf(monthly: number): Severity {
  const s = severityFor(monthly);
  return s === 'high' || s === 'critical' ? 'medium' : s;
}

