import type { Cloud } from '../domain/cloud';
import type { CostLine } from '../domain/cost';
import { formatMoney } from '../domain/money';
import { commitmentLines, isPlatformService, totalLines } from './spend';

/**
 * The two lock-in factors that come from the bill rather than the workload: commitments paid in the workload's
 * account, and how much of all ML platform spend sits in the workload's cloud. Computed once per snapshot.
 */

const DAY_MS = 86_400_000;
/** The billing window the factors look at (the collected cost window is about a month). */
export const BILLING_WINDOW_DAYS = 30;
const DAYS_PER_MONTH = 30.4;

export interface CommitmentSeen {
  /** False when no billed cost was read for this cloud (nothing can be said). */
  known: boolean;
  /** Monthly run rate of the commitment lines (sum over the days seen / days x 30.4). */
  monthly: number;
  currency: string;
  /** Provider words: "Savings Plans", "Committed use discount", "Reservation", "SavingsPlan". */
  types: string[];
  /** Services the lines name ("Savings Plans for AWS Machine Learning", "Compute Engine", "Azure Machine Learning"). */
  services: string[];
}

export interface ConcentrationSeen {
  known: boolean;
  /** Share 0..1 of ML platform spend in the cloud. */
  share: number;
  /** Platform spend per cloud over the window, in the first currency seen. */
  byCloud: Partial<Record<Cloud, number>>;
  currency: string;
}

export interface BillingView {
  commitments(cloud: Cloud, account: string): CommitmentSeen;
  concentration(cloud: Cloud): ConcentrationSeen;
}

export function billingView(costs: readonly CostLine[], now: Date): BillingView {
  const since = now.getTime() - BILLING_WINDOW_DAYS * DAY_MS;
  const recent = costs.filter((c) => c.ChargePeriodStart.getTime() >= since && c.ChargePeriodStart.getTime() < now.getTime());
  const totals = totalLines(recent);
  const cloudsWithCost = new Set(totals.map((c) => c.cloud));
  const commitments = commitmentLines(recent);

  const platform = totals.filter(isPlatformService);
  const currency = platform[0]?.BillingCurrency ?? 'USD';
  const byCloud: Partial<Record<Cloud, number>> = {};
  for (const l of platform) if (l.BillingCurrency === currency) byCloud[l.cloud] = (byCloud[l.cloud] ?? 0) + l.BilledCost;
  const all = Object.values(byCloud).reduce((a, b) => a + b, 0);

  return {
    commitments(cloud, account) {
      const mine = commitments.filter((c) => c.cloud === cloud && c.SubAccountId === account && c.BilledCost > 0);
      const days = new Set(mine.map((c) => c.ChargePeriodStart.toISOString().slice(0, 10))).size;
      const sum = mine.reduce((a, c) => a + c.BilledCost, 0);
      return {
        known: cloudsWithCost.has(cloud),
        monthly: days > 0 ? (sum / days) * DAYS_PER_MONTH : 0,
        currency: mine[0]?.BillingCurrency ?? 'USD',
        types: [...new Set(mine.map((c) => c.CommitmentDiscountType!))].sort(),
        services: [...new Set(mine.map((c) => c.ServiceName))].sort(),
      };
    },
    concentration(cloud) {
      return { known: all > 0, share: all > 0 ? (byCloud[cloud] ?? 0) / all : 0, byCloud, currency };
    },
  };
}

export function describeCommitment(c: CommitmentSeen, account: string): string {
  return `${c.types.join(', ')} in ${account}: ${formatMoney({ amount: c.monthly, currency: c.currency })}/month (${c.services.join(', ')})`;
}
