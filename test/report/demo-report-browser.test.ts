import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runWeeklyReport } from '../../src/app/run-weekly-report';
import { createLedger } from '../../src/remediation/ledger';
import type { ReportDocument } from '../../src/report/report-document';
import { chartHasData, renderReportHtml } from '../../src/report/render';
import { REPORT_SECTION_IDS, toReportDocument } from '../../src/report/weekly-document';
import { FileStateStore } from '../../src/state/file-state-store';
import { chromiumSkip, closeChromium, inspectHtml, requireChromium, screenshotHtml } from '../support/chromium';
import { simHarness, type SimHarness } from '../support/sim-deps';

const ARTIFACTS = join(__dirname, '..', '.artifacts');
const chromium = chromiumSkip();
if (chromium.skip) console.warn(`Skipping the demo report browser test: ${chromium.reason}`);

/** What the page must show: the document's tables with rows and charts with data (empty ones render as words). */
function expectedCounts(doc: ReportDocument): { tables: number; charts: number } {
  const blocks = doc.sections.flatMap((s) => s.blocks);
  return {
    tables: blocks.filter((b) => b.type === 'table' && b.rows.length > 0).length,
    charts: blocks.filter((b) => b.type === 'chart' && chartHasData(b.chart)).length,
  };
}

describe.skipIf(chromium.skip)("the demo fleet's weekly report in headless Chromium", () => {
  let h: SimHarness;
  let dir: string;
  let doc: ReportDocument;
  let html: string;

  beforeAll(async () => {
    requireChromium();
    h = await simHarness();
    dir = mkdtempSync(join(tmpdir(), 'wd-demo-report-'));
    const store = new FileStateStore({ file: join(dir, 'state.json'), findingsTtlDays: 90, now: h.now });
    const run = await runWeeklyReport({ config: h.config, readers: h.readers(store), ledger: createLedger(store, h.now), now: h.now });
    doc = toReportDocument(run.report);
    html = renderReportHtml(doc);
  }, 60_000);
  afterAll(async () => {
    await closeChromium();
    await h?.sim.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([390, 1280])('at %i px: every section, its charts and tables, nothing overflowing, no request', async (width) => {
    const page = await inspectHtml(html, { width });
    const want = expectedCounts(doc);
    expect(page.sectionIds).toEqual([...REPORT_SECTION_IDS]);
    expect(page.overflowing).toEqual([]);
    expect(page.overflowX).toBe(false);
    expect(page.tableCount).toBe(want.tables);
    expect(page.chartCount).toBe(want.charts);
    // The demo fleet has spend on three clouds, findings and GPU endpoints: the main charts and tables are there.
    expect(want.charts).toBeGreaterThanOrEqual(3);
    expect(want.tables).toBeGreaterThanOrEqual(8);
    expect(page.brokenAnchors).toEqual([]);
    expect(page.externalRequests).toEqual([]);
    await screenshotHtml(html, { width, outPath: join(ARTIFACTS, `demo-report-${width}.png`) });
  });
});
