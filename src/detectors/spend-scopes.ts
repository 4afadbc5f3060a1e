import type { Cloud, ResourceRef } from '../domain/cloud';
import type { CostLine } from '../domain/cost';
import { adjacentCategory, dayOf, isPlatformService, ownerLines, totalLines } from './spend';
import type { DailySpend } from './spend-baseline';
import { groupBy } from '../lib/group-by';

/**
 * The slices of spend cost-anomaly watches, each with its daily series and the days its cloud has data for:
 * - `service`: one service of one account (AWS account, Google project, Azure subscription), from the `total` lines;
 * - `owner`: one owner tag value across a cloud, from the cloud's owner breakdown (spend.ts ownerLines).
 * A day the cloud reported nothing for is unknown, not zero: a billing export enabled last week has no history before
 * it, and a scope that is new on a covered day really did cost 0 before.
 */

export type ServicesWatched = 'ml-and-adjacent' | 'all';

export interface SpendScope {
  kind: 'service' | 'owner';
  cloud: Cloud;
  /** Account of a service scope; '*' when the lines name none, and for owner scopes (they span the cloud). */
  account: string;
  service?: string;
  owner?: string;
  currency: string;
  /** The scope's lines, for its drivers. */
  lines: CostLine[];
  /** Billed spend per UTC day. */
  daily: Map<string, number>;
  /** Days the cloud (service scopes: the account) has any billed line for. */
  covered: ReadonlySet<string>;
}

export function spendOf(scope: Pick<SpendScope, 'daily' | 'covered'>): DailySpend {
  return (day) => (scope.covered.has(day) ? (scope.daily.get(day) ?? 0) : undefined);
}

export function watched(line: Pick<CostLine, 'cloud' | 'ServiceName'>, services: ServicesWatched): boolean {
  return services === 'all' || isPlatformService(line) || adjacentCategory(line) !== undefined;
}

const accountOf = (l: CostLine): string => l.SubAccountId ?? '*';

function coverage(lines: readonly CostLine[], key: (l: CostLine) => string): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const l of lines) {
    const k = key(l);
    const days = out.get(k) ?? new Set<string>();
    days.add(dayOf(l));
    out.set(k, days);
  }
  return out;
}

function daily(lines: readonly CostLine[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const l of lines) out.set(dayOf(l), (out.get(dayOf(l)) ?? 0) + l.BilledCost);
  return out;
}

/** Service scopes per (cloud, account, service, currency) and, with `byOwner`, owner scopes per (cloud, owner, currency). */
export function spendScopes(costs: readonly CostLine[], opts: { services: ServicesWatched; byOwner: boolean; ownerTag: string }): SpendScope[] {
  const totals = totalLines(costs);
  const byAccount = coverage(totals, (l) => `${l.cloud}|${accountOf(l)}`);
  const byCloud = coverage(totals, (l) => l.cloud);
  const scopes: SpendScope[] = [];
  const services = groupBy(
    totals.filter((l) => watched(l, opts.services)),
    (l) => JSON.stringify([l.cloud, accountOf(l), l.ServiceName, l.BillingCurrency]),
  );
  for (const [k, lines] of services) {
    const [cloud, account, service, currency] = JSON.parse(k) as [Cloud, string, string, string];
    scopes.push({ kind: 'service', cloud, account, service, currency, lines, daily: daily(lines), covered: byAccount.get(`${cloud}|${account}`) ?? new Set() });
  }
  if (!opts.byOwner) return scopes;
  for (const cloud of new Set(totals.map((l) => l.cloud))) {
    // Untagged spend has no owner to tell: the service scopes cover it, and unattributed-spend reports it.
    const owned = groupBy(
      ownerLines(costs, cloud).filter((l) => watched(l, opts.services)),
      (l) => (l.Tags?.[opts.ownerTag] ? JSON.stringify([l.Tags[opts.ownerTag], l.BillingCurrency]) : undefined),
    );
    for (const [k, lines] of owned) {
      const [owner, currency] = JSON.parse(k) as [string, string];
      scopes.push({ kind: 'owner', cloud, account: '*', owner, currency, lines, daily: daily(lines), covered: byCloud.get(cloud) ?? new Set() });
    }
  }
  return scopes;
}

/**
 * "aws 123456789012 Amazon SageMaker": the short name of something in one account. An Azure subscription GUID is cut
 * to its first block (as people quote it) so tables stay readable; the ref's `account` keeps it whole, and refKey
 * (fingerprints) includes it.
 */
export function scopeName(cloud: Cloud, account: string, what: string): string {
  if (account === '*') return `${cloud} ${what}`;
  const shown = cloud === 'azure' && /^[0-9a-f]{8}-/i.test(account) ? account.slice(0, 8) : account;
  return `${cloud} ${shown} ${what}`;
}

/** The cost-scope ref of a service or owner scope: `name` is what people read, `id` the scope key. */
export function scopeRef(s: { kind: 'service' | 'owner'; cloud: Cloud; account: string; service?: string; owner?: string }): ResourceRef {
  if (s.kind === 'owner') return { cloud: s.cloud, account: '*', region: 'global', kind: 'cost-scope', name: `owner ${s.owner}`, id: `owner:${s.cloud}:${s.owner}` };
  return { cloud: s.cloud, account: s.account, region: 'global', kind: 'cost-scope', name: scopeName(s.cloud, s.account, s.service!), id: `service:${s.cloud}:${s.account}:${s.service}` };
}
