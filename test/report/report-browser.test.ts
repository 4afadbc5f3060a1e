import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { renderReportHtml } from '../../src/report/render';
import { chromiumSkip, closeChromium, inspectHtml, requireChromium, screenshotHtml } from '../support/chromium';
import { reportFixture } from '../support/report-fixture';

const ARTIFACTS = join(__dirname, '..', '.artifacts');
const chromium = chromiumSkip();
if (chromium.skip) console.warn(`Skipping the report browser tests: ${chromium.reason}`);

describe.skipIf(chromium.skip)('weekly report HTML in headless Chromium', () => {
  const { doc, expected } = reportFixture();
  const html = renderReportHtml(doc);

  beforeAll(() => requireChromium()); // under CI=true a missing browser fails here instead of skipping
  afterAll(() => closeChromium());

  it.each([390, 1280])('at %i px: no sideways overflow, every section, chart and table, no request', async (width) => {
    const page = await inspectHtml(html, { width });
    expect(page.overflowing).toEqual([]);
    expect(page.overflowX).toBe(false);
    expect(page.sectionIds).toEqual(expected.sectionIds);
    expect(page.chartCount).toBe(expected.chartCount);
    expect(page.tableCount).toBe(expected.tableCount);
    expect(page.brokenAnchors).toEqual([]);
    expect(page.externalRequests).toEqual([]);
    const shot = await screenshotHtml(html, { width, outPath: join(ARTIFACTS, `report-${width}.png`) });
    expect(shot).toMatch(/report-\d+\.png$/);
  });

  it('prints at A4 width with tables unwrapped and nothing cut off', async () => {
    const page = await inspectHtml(html, { width: 700, media: 'print' });
    expect(page.overflowing).toEqual([]);
    expect(page.chartCount).toBe(expected.chartCount);
    await screenshotHtml(html, { width: 700, media: 'print', outPath: join(ARTIFACTS, 'report-print.png') });
  });

  it('catches what it is meant to catch: a wide element and a remote image', async () => {
    const page = await inspectHtml('<div style="width:900px">wide</div><img src="https://example.com/a.png">', { width: 390 });
    expect(page.overflowX).toBe(true);
    expect(page.overflowing).toEqual(['div: wide']);
    expect(page.externalRequests).toEqual(['https://example.com/a.png']);
  });
});
