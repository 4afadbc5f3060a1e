import type { Tone, ReportBlock, ReportSection } from './report-document';
import { basisLabel, BASIS_WORDS, count, money, moneyList, pct, utc } from './report-format';
import { isContextFinding, type FindingGroup } from './weekly-findings';
import type { WeeklyReport } from './weekly-report';

/** Budgets and findings sections of the weekly report document. */

export function budgetsSection(r: WeeklyReport): ReportSection {
  const b = r.budgets;
  const blocks: ReportBlock[] = [];
  if (b.none) blocks.push({ type: 'paragraph', text: b.none, tone: 'muted' });
  const tone = (p: number): Tone => (p >= 100 ? 'bad' : p >= 80 ? 'warning' : 'normal');
  blocks.push({
    type: 'table',
    caption: `Month so far, as of ${utc(b.asOf)}`,
    columns: [
      { key: 'name', label: 'Budget' },
      { key: 'scope', label: 'Scope' },
      { key: 'amount', label: 'Budget', align: 'right' },
      { key: 'actual', label: 'Spent (billed)', align: 'right' },
      { key: 'actualPct', label: 'Used', align: 'right' },
      { key: 'forecast', label: 'Forecast (estimate)', align: 'right' },
      { key: 'forecastPct', label: 'Forecast %', align: 'right' },
    ],
    rows: b.rows.map((x) => ({
      name: x.name,
      scope: x.scope + (x.otherCurrencies.length > 0 ? ` (spend in ${x.otherCurrencies.join(', ')} not counted)` : ''),
      amount: money(x.amount, x.currency, 0),
      actual: money(x.actual, x.currency),
      actualPct: pct(x.actualPct),
      forecast: x.forecast ? `${money(x.forecast.total, x.currency, 0)} (${money(x.forecast.low, x.currency, 0)}–${money(x.forecast.high, x.currency, 0)})` : 'too little history',
      forecastPct: x.forecastPct !== undefined ? pct(x.forecastPct) : '–',
    })),
    rowTones: b.rows.map((x) => tone(Math.max(x.actualPct, x.forecastPct ?? 0))),
    footnote: b.rows.find((x) => x.forecast)?.forecast?.method.replace(/^run rate: .*?\+/, 'Forecast: complete days billed +') ?? 'Forecasts use the median daily spend of recent complete days (the budget-overrun detector\'s run rate).',
    empty: 'No budget to show.',
  });
  return { id: 'budgets', title: 'Budgets', intro: 'Each configured budget this month so far and where the month ends at the current run rate.', blocks };
}

function groupRows(groups: readonly FindingGroup[]): Array<Record<string, string>> {
  return groups.map((g) => ({ key: g.key, count: String(g.count), waste: g.monthlyWaste.length > 0 ? `${moneyList(g.monthlyWaste, 0)}/month` : '–', context: g.contextCount > 0 ? String(g.contextCount) : '' }));
}

export const TOP_FINDINGS = 15;

export function findingsSection(r: WeeklyReport): ReportSection {
  const f = r.findings;
  const groupColumns = (label: string) => [
    { key: 'key', label },
    { key: 'count', label: 'Findings', align: 'right' as const },
    { key: 'waste', label: 'Monthly waste', align: 'right' as const },
    { key: 'context', label: 'Context only', align: 'right' as const },
  ];
  const blocks: ReportBlock[] = [
    {
      type: 'kpis',
      items: [
        { label: 'Open findings', value: count(f.total), tone: f.total > 0 ? 'warning' : 'good' },
        { label: 'Monthly waste named', value: moneyList(f.monthlyWaste, 0), detail: 'waste and savings findings only' },
      ],
    },
  ];
  const kinds = [...new Set(f.byKind.map((g) => g.key))];
  if (kinds.length > 0) {
    blocks.push({
      type: 'chart',
      chart: { id: 'findings-by-kind', kind: 'bar', orientation: 'horizontal', title: 'Open findings by kind', unit: 'findings', categories: f.byKind.map((g) => g.key), series: [{ name: 'Findings', values: f.byKind.map((g) => g.count) }] },
      empty: 'No findings to chart.',
    });
  }
  blocks.push({ type: 'table', caption: 'By kind', columns: groupColumns('Kind'), rows: groupRows(f.byKind), empty: 'No findings were open at report time.' });
  blocks.push({ type: 'table', caption: 'By owner', columns: groupColumns('Owner'), rows: groupRows(f.byOwner), empty: 'No findings were open at report time.' });
  const top = f.ranked.slice(0, TOP_FINDINGS);
  blocks.push({
    type: 'table',
    caption: `Top ${Math.min(TOP_FINDINGS, f.ranked.length)} of ${f.total} by monthly cost`,
    columns: [
      { key: 'title', label: 'Finding' },
      { key: 'kind', label: 'Kind' },
      { key: 'owner', label: 'Owner' },
      { key: 'cloud', label: 'Cloud' },
      { key: 'monthly', label: 'Monthly', align: 'right' },
      { key: 'basis', label: 'Basis' },
    ],
    rows: top.map((x) => ({
      title: x.title,
      kind: x.kind,
      owner: x.owner ?? x.tags[r.ownerTag] ?? '–',
      cloud: x.ref.cloud,
      monthly: `${money(x.cost.monthly.amount, x.cost.monthly.currency, 0)}${isContextFinding(x) ? ' (context)' : ''}`,
      basis: basisLabel(x.cost.basis),
    })),
    rowTones: top.map((x) => (x.severity === 'critical' || x.severity === 'high' ? 'bad' : x.severity === 'medium' ? 'warning' : 'normal')),
    footnote: `Waste findings rank first. Budget, capacity and lock-in figures are context (a month's forecast, the serving at stake), not savings. Bases: ${Object.values(BASIS_WORDS).join(', ')}.`,
    empty: 'No findings were open at report time.',
  });
  return { id: 'findings', title: 'Open findings', intro: 'What the detectors found in this run, by kind and owner, ranked by monthly cost.', blocks };
}
