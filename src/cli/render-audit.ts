import { BASIS_WORDS } from '../notify/format';
import Table from 'cli-table3';
import type { AuditResult } from '../app/audit-result';
import type { Finding } from '../domain/finding';
import { formatMoney } from '../domain/money';
import type { ProviderStatus } from '../domain/status';
import { ratioText, shortName } from '../notify/views/cost-anomaly-details';
import { pctText } from '../notify/views/hidden-cost-details';
import { capacityRiskLine } from '../notify/views/capacity-risk-details';
import { budgetOverrunLine } from '../notify/views/budget-overrun-details';
import { runawayTrainingLine } from '../notify/views/runaway-training-details';
import { idleNotebookLine } from '../notify/views/idle-notebook-details';
import { underusedGpuLine } from '../notify/views/underused-gpu-details';


/** Human-readable audit: a findings table, the basis of every figure, then provider statuses. */
export function renderAudit(result: AuditResult, opts: { color?: boolean } = {}): string {
  const out: string[] = [];
  const s = result.summary;
  out.push(
    `ml-watchdog audit at ${result.generatedAt.toISOString()} (metrics ${result.window.start.toISOString()} .. ${result.window.end.toISOString()})`,
  );
  out.push(
    `Scanned ${s.resourcesScanned.endpoints} endpoints, ${s.resourcesScanned.notebooks} notebooks, ${s.resourcesScanned.trainingJobs} training jobs.`,
  );
  if (result.findings.length === 0) {
    out.push('', 'No findings.');
  } else {
    const total = s.monthlyCost.map((m) => formatMoney(m)).join(' + ');
    out.push('', `${s.findings} finding(s), ${total} per month in waste and savings (budget, capacity and lock-in figures are context, not counted):`, findingsTable(result.findings, opts));
    out.push('', 'How each figure was obtained:');
    result.findings.forEach((f, i) => out.push(`  ${i + 1}. ${f.ref.name}: ${f.cost.explanation}`, `     -> ${f.recommendation.summary}`));
  }
  out.push('', statusLines(result.statuses));
  if (s.degraded) out.push('', 'WARNING: some data could not be read (see statuses above); findings may be incomplete.');
  return out.join('\n');
}

function findingsTable(findings: readonly Finding[], opts: { color?: boolean }): string {
  const table = new Table({
    head: ['#', 'severity', 'kind', 'cloud / region', 'resource', 'detail', 'monthly', 'basis', 'owner'],
    style: { head: opts.color ? ['cyan'] : [], border: opts.color ? ['grey'] : [] },
    wordWrap: true,
  });
  findings.forEach((f, i) => {
    table.push([
      String(i + 1),
      f.severity,
      f.kind,
      `${f.clouds?.length ? f.clouds.join('+') : f.ref.cloud} ${f.ref.region}`,
      f.ref.name,
      detail(f),
      formatMoney(f.cost.monthly, 0),
      BASIS_WORDS[f.cost.basis],
      f.owner ?? '-',
    ]);
  });
  return table.toString();
}

/** One short line of kind-specific evidence. Typed over the union: a new kind must say what to show. */
function detail(f: Finding): string {
  switch (f.kind) {
    case 'idle-gpu': {
      const e = f.evidence;
      const idle = e.lastInvocationAt ? `${Math.floor(e.idleHours)} h idle` : `>= ${Math.floor(e.idleHours)} h idle`;
      return `${e.instanceCount} x ${e.instanceType} (${e.acceleratorCount} accel.), ${idle}, ${e.servingMode}`;
    }
    case 'endpoint-failure': {
      const e = f.evidence;
      const parts = [e.signals.includes('failed-state') ? e.providerStatus : undefined];
      if (e.signals.includes('server-errors')) parts.push(`${e.serverErrorRatePct!.toFixed(1)}% 5xx of ${e.requests} requests`);
      if (e.signals.includes('latency-regression')) parts.push(`p95 ${e.latencyP95RecentMs!.toFixed(0)} ms (was ${e.latencyP95BaselineMs!.toFixed(0)})`);
      return `${parts.filter(Boolean).join(', ')}; ${e.instanceCount} x ${e.instanceType}`;
    }
    case 'cost-anomaly': {
      const e = f.evidence;
      const s = e.statistics;
      const jump = s
        ? `${ratioText(s.ratio)} usual ${s.partialDay ? 'today so far' : `on ${s.judgedDay}`} (${formatMoney({ amount: s.spend, currency: e.currency }, 0)} vs ${formatMoney({ amount: s.baseline, currency: e.currency }, 0)})`
        : `+${formatMoney({ amount: e.excessPerDay, currency: e.currency }, 0)}/day since ${e.startDay}`;
      const top = e.drivers[0];
      const seen = e.detectedBy.length > 1 ? '; AWS saw it too' : s ? '' : '; AWS Cost Anomaly Detection';
      const driver = top ? `; ${shortName(top.name)} +${formatMoney({ amount: top.deltaPerDay, currency: e.currency }, 0)}/day` : '';
      return `${jump}${driver}${seen}`;
    }
    case 'hidden-cost': {
      const e = f.evidence;
      return `${pctText(e.growthPct)}/week vs platform ${pctText(e.platformGrowthPct)}; ${e.sharePct.toFixed(0)}% of platform spend`;
    }
    case 'unattributed-spend': {
      const e = f.evidence;
      const share = e.sharePct !== undefined ? `${e.sharePct.toFixed(0)}% of ML spend without ${e.tagKey}` : `no billed owner breakdown; untagged resources`;
      return `${share}; ${e.resourceCount} untagged resource(s)${e.resources[0] ? `, e.g. ${e.resources[0].name}` : ''}`;
    }
    case 'capacity-risk':
      return capacityRiskLine(f);
    case 'budget-overrun':
      return budgetOverrunLine(f);
    case 'runaway-training':
      return runawayTrainingLine(f);
    case 'idle-notebook':
      return idleNotebookLine(f);
    case 'underused-gpu':
      return underusedGpuLine(f);
    case 'lock-in-risk': {
      const e = f.evidence;
      const top = [...e.factors].filter((x) => Math.round(x.points) > 0).sort((a, b) => b.points - a.points);
      return `score ${e.score}/100: ${top.map((x) => `${x.factor} +${Math.round(x.points)}`).join(', ')}`;
    }
  }
}

function statusLines(statuses: readonly ProviderStatus[]): string {
  if (statuses.length === 0) return 'Provider status: no cloud configured.';
  const lines = ['Provider status:'];
  const sorted = [...statuses].sort((a, b) => `${a.cloud} ${a.component}`.localeCompare(`${b.cloud} ${b.component}`));
  for (const st of sorted) {
    const calls = st.calls ? Object.values(st.calls).reduce((a, b) => a + b, 0) : undefined;
    const extra = [st.code, st.message].filter(Boolean).join(': ');
    lines.push(`  ${st.cloud} ${st.component}: ${st.state}${calls !== undefined ? ` (${calls} API calls)` : ''}${extra ? ` - ${extra}` : ''}`);
  }
  return lines.join('\n');
}
