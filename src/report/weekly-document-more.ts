import { CLOUDS } from '../domain/cloud';
import type { RestoreToken } from '../domain/remediation';
import type { ReportBlock, ReportSection, Tone } from './report-document';
import { basisLabel, CLOUD_NAMES, count, duration, hours, money, moneyList, utc } from './report-format';
import type { WeeklyReport } from './weekly-report';

/** Savings, lock-in, comparison, watchdog cost and provider status sections of the weekly report document. */

function tokenRows(tokens: readonly RestoreToken[], at: (t: RestoreToken) => Date | undefined): Array<Record<string, string>> {
  return tokens.map((t) => ({
    resource: t.ref.name,
    cloud: t.ref.cloud,
    action: t.action,
    at: at(t) ? utc(at(t)!) : '–',
    saving: `${money(t.hourlySaving.amount, t.hourlySaving.currency)}/h (${basisLabel(t.basis)})`,
    restore: t.restoreSeconds !== undefined ? duration(t.restoreSeconds) : '',
  }));
}

export function savingsSection(r: WeeklyReport): ReportSection {
  const s = r.savings;
  const blocks: ReportBlock[] = [];
  if (s.unavailable) blocks.push({ type: 'notice', tone: 'warning', text: `The savings ledger could not be read: ${s.unavailable}` });
  blocks.push({
    type: 'kpis',
    items: [
      { label: 'Saved this week', value: moneyList(s.savings.total), detail: 'hours parked in the week x hourly saving', tone: 'good' },
      { label: 'Parked', value: String(s.parked.length) },
      { label: 'Restored', value: String(s.restored.length) },
      { label: 'Still parked', value: String(s.stillParked.length) },
    ],
  });
  const cols = [
    { key: 'resource', label: 'Resource' },
    { key: 'cloud', label: 'Cloud' },
    { key: 'action', label: 'Action' },
    { key: 'at', label: 'When' },
    { key: 'saving', label: 'Saving' },
  ];
  blocks.push({ type: 'table', caption: 'Parked this week', columns: cols, rows: tokenRows(s.parked, (t) => t.parkedAt), empty: 'Nothing was parked this week.' });
  blocks.push({ type: 'table', caption: 'Restored this week', columns: [...cols, { key: 'restore', label: 'Restore took', align: 'right' }], rows: tokenRows(s.restored, (t) => t.restoredAt), empty: 'Nothing was restored this week.' });
  blocks.push({
    type: 'table',
    caption: 'Savings by resource',
    columns: [
      { key: 'resource', label: 'Resource' },
      { key: 'hours', label: 'Parked', align: 'right' },
      { key: 'saved', label: 'Saved', align: 'right' },
      { key: 'basis', label: 'Basis' },
    ],
    rows: s.savings.items.map((i) => ({ resource: `${i.ref.name} (${i.ref.cloud})`, hours: hours(i.hours), saved: money(i.saved.amount, i.saved.currency), basis: basisLabel(i.basis) })),
    empty: 'No parked time this week, so no savings.',
  });
  return { id: 'savings', title: 'Parked, restored and saved', intro: 'From the restore ledger: what the watchdog parked and brought back this week, and what the parked hours saved.', blocks };
}

export function lockInSection(r: WeeklyReport): ReportSection {
  const rows = r.lockIn;
  const tone = (score: number): Tone => (score >= 70 ? 'bad' : score >= 40 ? 'warning' : 'normal');
  return {
    id: 'lock-in',
    title: 'Lock-in scores',
    intro: 'How hard each workload would be to move to another cloud, 0 (portable) to 100, with the factor that weighs most and its open alternative.',
    blocks: [
      {
        type: 'table',
        columns: [
          { key: 'workload', label: 'Workload' },
          { key: 'cloud', label: 'Cloud' },
          { key: 'owner', label: 'Owner' },
          { key: 'score', label: 'Score', align: 'right' },
          { key: 'factor', label: 'Main factor' },
          { key: 'alternative', label: 'Open alternative' },
        ],
        rows: rows.map((x, i) => ({
          workload: `${x.workload}${x.kind === 'training-job' ? ' (training)' : ''}`,
          cloud: x.cloud,
          owner: x.owner ?? '–',
          score: `${x.score}${x.unknownFactors > 0 ? ' (at least)' : ''}`,
          factor: x.top ? `${x.top.factor}: ${x.top.detail}` : 'none',
          // The same advice row after row (one Savings Plan behind every endpoint) reads as noise: say it once.
          alternative: x.top && i > 0 && rows[i - 1]!.top?.alternative === x.top.alternative ? 'as above' : (x.top?.alternative ?? ''),
        })),
        rowTones: rows.map((x) => tone(x.score)),
        ...(rows.some((x) => x.unknownFactors > 0) ? { footnote: '"At least": some factors could not be read, so the real score may be higher.' } : {}),
        empty: 'No workload to score: no endpoint or running training job was found.',
      },
    ],
  };
}

export function comparisonSection(r: WeeklyReport): ReportSection {
  const c = r.comparison;
  const blocks: ReportBlock[] = [];
  if (r.owner) return { id: 'comparison', title: 'Cross-cloud comparison', blocks: [{ type: 'paragraph', tone: 'muted', text: 'The comparison is fleet-wide: see the full report.' }] };
  if (c.rows.length > 0 && c.crossCloudGroups.length === 0) blocks.push({ type: 'notice', tone: 'info', text: 'No GPU class runs on more than one cloud this week, so the rows below have no counterpart to compare with.' });
  const cross = new Set(c.crossCloudGroups);
  blocks.push({
    type: 'table',
    caption: 'Comparable endpoints (same GPU class), this week',
    columns: [
      { key: 'group', label: 'GPU class' },
      { key: 'cloud', label: 'Cloud' },
      { key: 'per1k', label: 'Cost / 1,000 predictions', align: 'right' },
      { key: 'p95', label: 'p95 latency', align: 'right' },
      { key: 'restore', label: 'Restore (cold start)', align: 'right' },
      { key: 'predictions', label: 'Predictions', align: 'right' },
      { key: 'cost', label: 'Week cost', align: 'right' },
      { key: 'endpoints', label: 'Endpoints', align: 'right' },
    ],
    rows: c.rows.map((x) => ({
      group: cross.has(x.group) ? x.group : `${x.group} (one cloud)`,
      cloud: x.cloud,
      per1k: x.costPer1k ? money(x.costPer1k.amount, x.costPer1k.currency, 4) : x.predictions === 0 ? 'no predictions' : 'n/a',
      p95: x.p95LatencyMs !== undefined ? `${Math.round(x.p95LatencyMs)} ms` : 'no data',
      restore: `${duration(x.restoreSeconds)} (${x.restoreBasis})`,
      predictions: x.predictions !== undefined ? count(x.predictions) : 'no data',
      cost: x.cost ? `${money(x.cost.amount, x.cost.currency)} (${basisLabel(x.costBasis)})${x.pricedEndpoints < x.endpoints.length ? ` *` : ''}` : 'unknown *',
      endpoints: String(x.endpoints.length),
    })),
    footnote:
      'Cost per 1,000 predictions = the endpoints\' cost for the week / their invocations x 1,000. p95 latency: 95th percentile of the model-latency datapoints of the week (each an hourly average). Restore: measured from the ledger when the watchdog restored the endpoint, otherwise a typical figure for the cloud (estimate).',
    empty: 'No GPU endpoint was found, so there is nothing to compare.',
  });
  // Names below the table: a long list in a cell makes every row tall on a phone.
  if (c.rows.length > 0) blocks.push({ type: 'paragraph', tone: 'muted', text: `Endpoints: ${c.rows.map((x) => `${x.group} on ${x.cloud}: ${x.endpoints.join(', ')}`).join('; ')}.` });
  const partly = c.rows.filter((x) => x.pricedEndpoints < x.endpoints.length);
  if (partly.length > 0) blocks.push({ type: 'paragraph', tone: 'muted', text: `* Cost and cost per 1,000 cover only priced endpoints: ${partly.map((x) => `${x.group} on ${x.cloud}: ${x.costNote}`).join('; ')}.` });
  if (c.excluded.length > 0) blocks.push({ type: 'paragraph', tone: 'muted', text: `Not comparable across clouds: ${c.excluded.join('; ')}.` });
  return { id: 'comparison', title: 'Cross-cloud comparison', intro: 'Endpoints on the same GPU class side by side: what a thousand predictions cost, how fast they answer and how long they take to come back from parked.', blocks };
}

export function watchdogCostSection(r: WeeklyReport): ReportSection {
  const w = r.watchdogCost;
  if ('unavailable' in w) {
    return { id: 'watchdog-cost', title: "The watchdog's own cost", blocks: [{ type: 'notice', tone: 'warning', text: `Not available: ${w.unavailable}` }] };
  }
  const blocks: ReportBlock[] = [
    {
      type: 'kpis',
      // No record is not zero cost: the runs may simply not have recorded (usage recording off, records expired).
      items: [w.coverage.runs === 0 ? { label: 'Total last week', value: 'unknown', detail: 'no run recorded in this week', tone: 'warning' } : { label: 'Total last week', value: moneyList(w.total, 4), detail: `${basisLabel(w.basis)}, ${w.coverage.runs} run(s) recorded` }],
    },
  ];
  blocks.push({
    type: 'table',
    caption: 'API calls by cloud and operation',
    columns: [
      { key: 'cloud', label: 'Cloud' },
      { key: 'operation', label: 'Operation' },
      { key: 'calls', label: 'Calls', align: 'right' },
      { key: 'cost', label: 'Cost', align: 'right' },
      { key: 'price', label: 'Price' },
    ],
    rows: w.operations.map((o) => ({ cloud: o.cloud, operation: o.operation, calls: count(o.calls), cost: money(o.cost.amount, o.cost.currency, 4), price: o.priceBasis })),
    empty: 'No API calls were recorded.',
  });
  blocks.push({
    type: 'table',
    caption: 'Lambda',
    columns: [
      { key: 'fn', label: 'Function' },
      { key: 'invocations', label: 'Invocations', align: 'right' },
      { key: 'gbs', label: 'GB-seconds', align: 'right' },
      { key: 'cost', label: 'Cost', align: 'right' },
    ],
    rows: w.lambda.map((l) => ({ fn: l.functionName, invocations: count(l.invocations), gbs: l.gbSeconds.toFixed(1), cost: money(l.cost.amount, l.cost.currency, 4) })),
    empty: 'No Lambda time was recorded (local runs have none).',
  });
  if (w.notes.length > 0) blocks.push({ type: 'paragraph', tone: 'muted', text: w.notes.join(' ') });
  return { id: 'watchdog-cost', title: "The watchdog's own cost", intro: 'What reading the clouds cost last week: API calls at published per-request prices, plus the watchdog\'s Lambda time.', blocks };
}

export function statusesSection(r: WeeklyReport): ReportSection {
  const bad = r.statuses.filter((s) => s.state !== 'ok' && s.state !== 'disabled');
  const blocks: ReportBlock[] = [];
  for (const c of r.clouds) {
    if (!c.enabled) blocks.push({ type: 'paragraph', tone: 'muted', text: `${CLOUD_NAMES[c.cloud]}: not enabled in the config.` });
  }
  blocks.push({
    type: 'table',
    caption: 'What could not be read, and why',
    columns: [
      { key: 'cloud', label: 'Cloud' },
      { key: 'component', label: 'Part' },
      { key: 'state', label: 'State' },
      { key: 'why', label: 'Why' },
    ],
    rows: bad.map((s) => ({ cloud: s.cloud, component: s.component, state: s.state, why: [s.message, s.code ? `(${s.code})` : undefined].filter(Boolean).join(' ') || 'no detail given' })),
    rowTones: bad.map((s) => (s.state === 'auth-failed' || s.state === 'error' ? 'bad' : 'warning')),
    empty: `Every source was read: ${CLOUDS.filter((c) => r.clouds.find((x) => x.cloud === c)?.enabled).join(', ') || 'no cloud enabled'}.`,
  });
  return { id: 'statuses', title: 'Provider statuses', intro: 'Anything the watchdog could not read for this report: figures from those parts are missing above.', blocks };
}
