import { describe, expect, it } from 'vitest';
import type { ReportBlock, ReportDocument } from '../../../src/report/report-document';
import { REPORT_SECTION_IDS, toReportDocument } from '../../../src/report/weekly-document';
import { fixtureReport } from './report-fixture';

const blocks = (doc: ReportDocument, id: string): ReportBlock[] => doc.sections.find((s) => s.id === id)!.blocks;
const text = (doc: ReportDocument): string => JSON.stringify(doc);

describe('toReportDocument', () => {
  it('has every section, in order, with the week in the subtitle', () => {
    const doc = toReportDocument(fixtureReport());
    expect(doc.sections.map((s) => s.id)).toEqual([...REPORT_SECTION_IDS]);
    expect(doc.subtitle).toMatch(/^Week of 16–22 Nov 2026 \(UTC, 2026-W47\) · generated 2026-11-23 08:00 UTC$/);
  });

  it('shows this week, last week and the 4-week average per cloud with basis and currency', () => {
    const doc = toReportDocument(fixtureReport());
    const byCloud = blocks(doc, 'spend').find((b) => b.type === 'table' && b.caption === 'By cloud');
    expect(byCloud).toMatchObject({ rows: [{ name: 'aws', thisWeek: '$1,050.00', lastWeek: '$700.00', wow: '+50 %', average: '$700.00', vsAvg: '+50 %', basis: 'billed, USD' }] });
    const kpis = blocks(doc, 'summary').find((b) => b.type === 'kpis');
    expect(kpis).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ label: 'ML spend this week (USD)', value: '$1,050.00', detail: expect.stringMatching(/^\+50 % vs last week · \+50 % vs 4-week avg · billed$/) })]) });
  });

  it('charts daily spend per cloud and spend by service', () => {
    const doc = toReportDocument(fixtureReport());
    const charts = blocks(doc, 'spend').flatMap((b) => (b.type === 'chart' ? [b.chart] : []));
    expect(charts.map((c) => c.id)).toEqual(['daily-spend-usd', 'spend-by-service-usd']);
    expect(charts[0]).toMatchObject({ kind: 'stacked-bar', unit: 'USD', categories: ['11-16', '11-17', '11-18', '11-19', '11-20', '11-21', '11-22'], series: [{ name: 'aws', values: [150, 150, 150, 150, 150, 150, 150] }] });
  });

  it('says plainly that an enabled cloud returned no data, with the reason', () => {
    const doc = toReportDocument(fixtureReport({ snapshot: { statuses: [{ cloud: 'gcp', component: 'costs', state: 'missing-data', message: 'billing export not configured' }] } }));
    expect(blocks(doc, 'summary')).toContainEqual({
      type: 'notice',
      tone: 'warning',
      text: 'Google Vertex AI: no billed ML cost for this week: costs: missing-data: billing export not configured. Its spend is missing from every total below.',
    });
    expect(blocks(doc, 'statuses').find((b) => b.type === 'table')).toMatchObject({ rows: [{ cloud: 'gcp', component: 'costs', state: 'missing-data', why: 'billing export not configured' }] });
  });

  it('an empty week renders every section and says there is nothing, never throws', () => {
    const doc = toReportDocument(fixtureReport({ snapshot: { costs: [], endpoints: [] }, findings: [], budgets: false }));
    expect(doc.sections.map((s) => s.id)).toEqual([...REPORT_SECTION_IDS]);
    const t = text(doc);
    expect(t).toContain('No billed ML spend was read for this week from any cloud.');
    expect(t).toContain('No findings were open at report time.');
    expect(t).toContain('Nothing was parked this week.');
    expect(t).toContain('No GPU endpoint was found, so there is nothing to compare.');
    expect(t).toContain('No budgets are configured');
    expect(blocks(doc, 'summary').find((b) => b.type === 'kpis')).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ label: 'ML spend this week', value: 'no data' })]) });
  });

  it('says the watchdog cost is not recorded rather than zero', () => {
    const r = { ...fixtureReport(), watchdogCost: { unavailable: 'usage recording is not set up' } };
    expect(blocks(toReportDocument(r), 'watchdog-cost')).toEqual([{ type: 'notice', tone: 'warning', text: 'Not available: usage recording is not set up' }]);
    const known = blocks(toReportDocument(fixtureReport()), 'watchdog-cost');
    expect(known[0]).toMatchObject({ type: 'kpis', items: [{ value: '$1.7250', detail: 'list price, 168 run(s) recorded' }] });
  });
});
