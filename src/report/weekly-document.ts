import { CLOUDS } from '../domain/cloud';
import { sumByCurrency } from '../domain/money';
import type { ReportBlock, ReportDocument, ReportSection, Tone } from './report-document';
import { basisLabel, change, CLOUD_NAMES, money, moneyList, pct, utc } from './report-format';
import { budgetsSection, findingsSection } from './weekly-document-money';
import { comparisonSection, lockInSection, savingsSection, statusesSection, watchdogCostSection } from './weekly-document-more';
import { describeWeek } from './weekly-period';
import type { WeeklyReport } from './weekly-report';
import type { SpendRow } from './weekly-spend';

/** Section ids, in order: the HTML anchors, the table of contents and what the screenshot test looks for. */
export const REPORT_SECTION_IDS = ['summary', 'spend', 'budgets', 'findings', 'savings', 'lock-in', 'comparison', 'watchdog-cost', 'statuses'] as const;

const toneOfChange = (now: number, base: number | undefined): Tone => (base === undefined || base === 0 ? 'normal' : now > base * 1.1 ? 'warning' : now < base * 0.9 ? 'good' : 'normal');

/** The weekly report as a ReportDocument (pure): every value formatted, every figure with its basis and currency. */
export function toReportDocument(r: WeeklyReport): ReportDocument {
  const title = r.owner ? `ML cost report: ${r.owner}` : 'ML cost report';
  return {
    title,
    subtitle: `Week of ${describeWeek(r.week)} (UTC, ${r.week.label}) · generated ${utc(r.generatedAt)}`,
    generatedAt: r.generatedAt,
    sections: [summarySection(r), spendSection(r), budgetsSection(r), findingsSection(r), savingsSection(r), lockInSection(r), comparisonSection(r), watchdogCostSection(r), statusesSection(r)],
    footer: [
      'Bases: billed = what the cloud billed (its billing API or export); list price = published on-demand price x running time; estimate = our own model, said where used.',
      'Amounts in different currencies are never added together: each currency has its own figure.',
      'Billing data of the last day or two can still change; the report is not re-sent when it does.',
      r.owner ? `Narrowed to owner ${r.owner} (tag ${r.ownerTag}): fleet-wide figures are in the full report.` : `Owners come from the ${r.ownerTag} tag.`,
    ],
  };
}

/** Problems a reader must know before trusting the figures: clouds with no data, short history. */
export function coverageNotices(r: WeeklyReport): ReportBlock[] {
  const out: ReportBlock[] = [];
  for (const c of r.clouds.filter((x) => x.enabled)) {
    if (c.costLines === 0) {
      const why = c.problems.length > 0 ? `: ${c.problems.join('; ')}` : ': the billing source returned nothing for these days';
      out.push({ type: 'notice', tone: 'warning', text: `${CLOUD_NAMES[c.cloud]}: no billed ML cost for this week${why}. Its spend is missing from every total below.` });
    }
  }
  for (const h of r.spend.history.filter((x) => x.firstDay && x.priorWeeks < 4)) {
    out.push({
      type: 'notice',
      tone: 'info',
      text: `${CLOUD_NAMES[h.cloud]}: billing history starts ${h.firstDay}, so ${h.priorWeeks === 0 ? 'there is no earlier week to compare with' : `the average covers ${h.priorWeeks} week(s), not 4`}.`,
    });
  }
  return out;
}

function summarySection(r: WeeklyReport): ReportSection {
  const blocks: ReportBlock[] = [];
  const totals = totalsByCurrency(r.spend.byCloud);
  const kpis = totals.map((t) => ({
    label: `ML spend this week (${t.currency})`,
    value: money(t.thisWeek, t.currency),
    detail: `${change(t.thisWeek, t.lastWeek)} vs last week · ${change(t.thisWeek, t.average)} vs 4-week avg · ${t.basis}`,
    tone: toneOfChange(t.thisWeek, t.lastWeek),
  }));
  if (!r.owner && kpis.length === 0) kpis.push({ label: 'ML spend this week', value: 'no data', detail: 'no billed cost was read for this week', tone: 'warning' });
  const worst = [...r.budgets.rows].sort((a, b) => (b.forecastPct ?? b.actualPct) - (a.forecastPct ?? a.actualPct))[0];
  const items = [
    ...kpis,
    { label: 'Open findings', value: String(r.findings.total), detail: `${moneyList(r.findings.monthlyWaste, 0)}/month waste named`, tone: r.findings.total > 0 ? ('warning' as Tone) : ('good' as Tone) },
    { label: 'Saved by parking this week', value: moneyList(r.savings.savings.total), detail: `${r.savings.parked.length} parked, ${r.savings.restored.length} restored`, tone: 'good' as Tone },
    ...(worst
      ? [{ label: `Budget ${worst.name}`, value: pct(worst.actualPct), detail: worst.forecastPct !== undefined ? `forecast ${pct(worst.forecastPct)} by month end` : 'no forecast yet', tone: ((worst.forecastPct ?? worst.actualPct) >= 100 ? 'bad' : 'normal') as Tone }]
      : []),
  ];
  const problems = r.statuses.filter((s) => s.state !== 'ok' && s.state !== 'disabled').length;
  items.push({ label: 'Data gaps', value: String(problems), detail: problems > 0 ? 'see Provider statuses' : 'every source read', tone: problems > 0 ? 'warning' : 'good' });
  blocks.push({ type: 'kpis', items });
  blocks.push(...coverageNotices(r));
  const movers = topMovers(r.spend.byService, 3);
  if (movers.length > 0) blocks.push({ type: 'paragraph', text: `Biggest changes vs last week: ${movers.join('; ')}.` });
  else if (!r.owner && totals.length === 0) blocks.push({ type: 'paragraph', text: 'Nothing was billed for ML services this week in the clouds read, so there is nothing to compare.', tone: 'muted' });
  return { id: 'summary', title: 'Summary', intro: 'The week in five numbers; every section below says where its figures come from.', blocks };
}

export interface CurrencyTotal {
  currency: string;
  thisWeek: number;
  lastWeek?: number;
  average?: number;
  basis: string;
}

/** Cloud rows added up per currency. Last week and the average only when every cloud in it has them. */
export function totalsByCurrency(rows: readonly SpendRow[]): CurrencyTotal[] {
  return sumByCurrency(rows.map((x) => ({ amount: x.thisWeek, currency: x.currency }))).map(({ currency, amount }) => {
    const of = rows.filter((x) => x.currency === currency);
    const all = <K extends 'lastWeek' | 'average'>(k: K) => (of.every((x) => x[k] !== undefined) ? of.reduce((s, x) => s + (x[k] as number), 0) : undefined);
    const lastWeek = all('lastWeek');
    const average = all('average');
    return { currency, thisWeek: amount, ...(lastWeek !== undefined ? { lastWeek } : {}), ...(average !== undefined ? { average } : {}), basis: basisLabel('billed', of.some((x) => x.partlyEstimated)) };
  });
}

/** The services whose spend moved most in absolute terms, in words. */
export function topMovers(rows: readonly SpendRow[], n: number): string[] {
  return rows
    .filter((x) => x.lastWeek !== undefined && x.thisWeek !== x.lastWeek)
    .sort((a, b) => Math.abs(b.thisWeek - b.lastWeek!) - Math.abs(a.thisWeek - a.lastWeek!))
    .slice(0, n)
    .map((x) => `${x.name} (${x.cloud}) ${money(x.lastWeek!, x.currency, 0)} → ${money(x.thisWeek, x.currency, 0)} (${change(x.thisWeek, x.lastWeek)})`);
}

const SPEND_COLUMNS = [
  { key: 'name', label: 'Name' },
  { key: 'cloud', label: 'Cloud' },
  { key: 'thisWeek', label: 'This week', align: 'right' as const },
  { key: 'lastWeek', label: 'Last week', align: 'right' as const },
  { key: 'wow', label: 'Change', align: 'right' as const },
  { key: 'average', label: '4-week avg', align: 'right' as const },
  { key: 'vsAvg', label: 'vs avg', align: 'right' as const },
  { key: 'basis', label: 'Basis' },
];

function spendRows(rows: readonly SpendRow[]): { rows: Array<Record<string, string>>; tones: Tone[] } {
  return {
    rows: rows.map((x) => ({
      name: x.name,
      cloud: x.cloud ?? '',
      thisWeek: money(x.thisWeek, x.currency),
      lastWeek: x.lastWeek !== undefined ? money(x.lastWeek, x.currency) : 'no data',
      wow: change(x.thisWeek, x.lastWeek),
      average: x.average !== undefined ? `${money(x.average, x.currency)}${x.averageWeeks < 4 ? ` (${x.averageWeeks} wk)` : ''}` : 'no data',
      vsAvg: change(x.thisWeek, x.average),
      basis: `${basisLabel(x.basis, x.partlyEstimated)}, ${x.currency}`,
    })),
    tones: rows.map((x) => toneOfChange(x.thisWeek, x.lastWeek)),
  };
}

function spendSection(r: WeeklyReport): ReportSection {
  const s = r.spend;
  const blocks: ReportBlock[] = [];
  if (!r.owner) {
    const cloud = spendRows(s.byCloud);
    blocks.push({ type: 'table', caption: 'By cloud', columns: SPEND_COLUMNS.filter((c) => c.key !== 'cloud'), rows: cloud.rows, rowTones: cloud.tones, empty: 'No billed ML spend was read for this week from any cloud.' });
    for (const d of s.daily) {
      const clouds = CLOUDS.filter((c) => d.byCloud[c]);
      blocks.push({
        type: 'chart',
        chart: { id: `daily-spend-${d.currency.toLowerCase()}`, kind: 'stacked-bar', title: `Daily ML spend per cloud (${d.currency}, billed)`, unit: d.currency, categories: d.days.map((x) => x.slice(5)), series: clouds.map((c) => ({ name: c, values: d.byCloud[c]!.map((v) => v ?? null) })) },
        empty: 'No daily spend to chart.',
      });
    }
    if (s.daily.length === 0) blocks.push({ type: 'chart', chart: { id: 'daily-spend', kind: 'stacked-bar', title: 'Daily ML spend per cloud', unit: 'USD', categories: [], series: [] }, empty: 'No daily spend to chart: nothing was billed this week in the clouds read.' });
    const top = s.byService.slice(0, 10);
    const currencies = [...new Set(top.map((x) => x.currency))];
    for (const currency of currencies.length > 0 ? currencies : ['USD']) {
      const of = top.filter((x) => x.currency === currency);
      blocks.push({
        type: 'chart',
        chart: {
          id: `spend-by-service-${currency.toLowerCase()}`,
          kind: 'bar',
          orientation: 'horizontal',
          title: `Spend by service, this week vs last (${currency}, billed)`,
          unit: currency,
          categories: of.map((x) => `${x.name} (${x.cloud})`),
          series: [
            { name: 'This week', values: of.map((x) => x.thisWeek) },
            { name: 'Last week', values: of.map((x) => x.lastWeek ?? null) },
          ],
        },
        empty: 'No service spend to chart.',
      });
    }
    const service = spendRows(s.byService);
    blocks.push({ type: 'table', caption: 'By service', columns: SPEND_COLUMNS, rows: service.rows, rowTones: service.tones, empty: 'No service had billed ML spend this week.' });
  }
  const owner = spendRows(s.byOwner);
  blocks.push({
    type: 'table',
    caption: 'By owner',
    columns: SPEND_COLUMNS,
    rows: owner.rows,
    rowTones: owner.tones,
    ...(s.ownerNotes.length > 0 ? { footnote: s.ownerNotes.join(' ') } : {}),
    empty: r.owner ? `No billed spend carried the ${r.ownerTag} tag ${r.owner} this week.` : `No spend split by the ${r.ownerTag} tag was read for this week.`,
  });
  for (const o of s.otherServices) {
    blocks.push({ type: 'paragraph', tone: 'muted', text: `Not counted as ML spend: ${money(o.amount, o.currency)} in ${o.services} other service(s) billed in the same accounts this week.` });
  }
  return {
    id: 'spend',
    title: 'ML spend',
    intro: 'The ML platforms plus the services around them where ML cost hides (data transfer, network, storage, registry, logging, monitoring), against last week and the average of the four weeks before.',
    blocks: r.owner ? blocks : [...coverageNotices(r).filter((b) => b.type === 'notice' && b.tone === 'info'), ...blocks],
  };
}
