import { severityRank } from '../domain/finding';
import { sumByCurrency } from '../domain/money';
import type { ProviderStatus } from '../domain/status';
import type { AlertDecision, AlertToSend } from './alert-decision';
import type { AlertBatch, ChannelAlerts } from './notifier';
import type { Route } from './route';

export interface AlertBatchInput {
  decision: AlertDecision;
  /** From `createRouter(config)`. */
  route: (finding: AlertToSend['finding']) => Route;
  ownerTag: string;
  now: Date;
  providerStatuses: readonly ProviderStatus[];
  remediation?: AlertBatch['remediation'];
}

/**
 * Groups the alerts to send by channel (pure). Within a channel: highest severity first, then the most monthly
 * waste, so a digest cut at N shows the ones worth reading. Channels keep first-seen order.
 */
export function buildAlertBatch(input: AlertBatchInput): AlertBatch {
  const byChannel = new Map<string, AlertToSend[]>();
  for (const alert of input.decision.send) {
    const { channel } = input.route(alert.finding);
    const list = byChannel.get(channel);
    if (list) list.push(alert);
    else byChannel.set(channel, [alert]);
  }
  const channels: ChannelAlerts[] = [...byChannel].map(([channel, alerts]) => ({
    channel,
    alerts: alerts.sort(byImportance),
  }));
  const { send, suppressed } = input.decision;
  return {
    now: input.now,
    ownerTag: input.ownerTag,
    channels,
    totals: {
      findings: send.length + suppressed.filter((s) => s.reason !== 'duplicate').length,
      toSend: send.length,
      suppressed: suppressed.length,
      monthlyWaste: sumByCurrency(send.map((a) => a.finding.cost.monthly)),
    },
    providerStatuses: [...input.providerStatuses],
    ...(input.remediation ? { remediation: input.remediation } : {}),
  };
}

function byImportance(a: AlertToSend, b: AlertToSend): number {
  const bySeverity = severityRank(b.finding.severity) - severityRank(a.finding.severity);
  if (bySeverity !== 0) return bySeverity;
  return b.finding.cost.monthly.amount - a.finding.cost.monthly.amount;
}
