import { BASIS_WORDS } from '../notify/format';
import Table from 'cli-table3';
import type { RemediationOutcome } from '../app/handle-remediation';
import { formatMoney, HOURS_PER_MONTH } from '../domain/money';
import { savingsOf, type RestoreToken } from '../domain/remediation';
import type { ParkResult } from '../remediation/execute-park';


/** One line per park attempt, with the saving and how to undo it. */
export function renderParkResult(r: ParkResult): string {
  const h = r.plan.hourlySaving;
  const saving = `${formatMoney(h)}/h, ${formatMoney({ ...h, amount: h.amount * HOURS_PER_MONTH })}/month (${BASIS_WORDS[r.plan.basis]})`;
  switch (r.status) {
    case 'parked':
      return `PARKED ${r.plan.ref.name} (${r.plan.action}): saves ${saving}.\n  Restore token ${r.token?.tokenId}: ml-watchdog restore ${r.token?.tokenId}`;
    case 'already-parked':
      return `ALREADY PARKED ${r.plan.ref.name} since ${r.token?.parkedAt?.toISOString()} (token ${r.token?.tokenId}).`;
    case 'dry-run':
      return `DRY-RUN ${r.plan.ref.name}: ${r.message}. Parking would save ${saving}.`;
    case 'needs-approval':
      return `AWAITING APPROVAL ${r.plan.ref.name}: ${r.message}. Approve with: ml-watchdog park ${r.plan.ref.name} (or the Park button in Slack). Saves ${saving}.`;
    case 'off':
      return `NOT PARKED ${r.plan.ref.name}: ${r.message}.`;
    case 'blocked':
      return `HELD ${r.plan.ref.name}: ${r.message}.`;
    default:
      return `${r.status.toUpperCase()} ${r.plan.ref.name}: ${r.message}`;
  }
}

export function renderOutcome(o: RemediationOutcome): string {
  return `${o.status}: ${o.message}`;
}

/** The ledger: one row per restore token, with hours parked and what that saved. */
export function renderActions(tokens: readonly RestoreToken[], now: Date): string {
  if (tokens.length === 0) return 'No remediation actions recorded yet.';
  const table = new Table({ head: ['token', 'resource', 'action', 'state', 'parked at', 'restored at', 'hours', 'saved', 'basis', 'approved by'], style: { head: [], border: [] } });
  for (const t of tokens) {
    const { hours, saved } = savingsOf(t, now);
    table.push([
      t.tokenId,
      `${t.ref.cloud} ${t.ref.region} ${t.ref.name}`,
      t.action,
      t.state,
      t.parkedAt?.toISOString().slice(0, 16) ?? '-',
      t.restoredAt?.toISOString().slice(0, 16) ?? '-',
      hours.toFixed(1),
      formatMoney(saved),
      BASIS_WORDS[t.basis],
      `${t.approval.by}:${t.approval.principal}`,
    ]);
  }
  return table.toString();
}
