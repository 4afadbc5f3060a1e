import { describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../../src/report/render';
import type { ReportDocument } from '../../../src/report/report-document';
import { reportFixture, servicesTable } from '../../support/report-fixture';

function doc(blocks: ReportDocument['sections'][number]['blocks'], extra: Partial<ReportDocument> = {}): ReportDocument {
  return { title: 'T', generatedAt: new Date('2026-11-23T08:00:00Z'), sections: [{ id: 's1', title: 'S', blocks }], ...extra };
}

describe('renderReportHtml', () => {
  const html = renderReportHtml(reportFixture().doc);

  it('is one HTML5 document with its CSS inline and nothing loaded from elsewhere', () => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toMatch(/<style>[\s\S]*@media print[\s\S]*<\/style>/);
    expect(html).not.toMatch(/<script\b/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|@font-face/i);
    expect(html).not.toMatch(/url\(\s*['"]?(?!#)/i); // only in-document references such as url(#gradient)
    expect(html).not.toMatch(/\b(src|href)\s*=\s*"(?!#)/i); // every link is an in-page anchor
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/)/); // SVG namespaces are names, not requests
  });

  it('escapes every text field, including names inside the charts', () => {
    expect(html).toContain('<title>ML cost report &lt;weekly&gt; &amp; more</title>');
    expect(html).toContain('A bad paragraph &lt;b&gt;not bold&lt;/b&gt;.');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;'); // a chart category, in the SVG text
    expect(html).not.toContain('<b>not bold</b>');
  });

  it('links the contents to one <section> per section id', () => {
    for (const id of reportFixture().expected.sectionIds) {
      expect(html).toContain(`<a href="#${id}">`);
      expect(html).toContain(`<section class="section" id="${id}"`);
    }
  });

  it('gives each tone a word and a symbol besides its colour', () => {
    expect(html).toMatch(/<span class="mark tone-bad" aria-hidden="true">✕<\/span><span class="sr-only">Needs attention: <\/span>/);
    expect(html).toMatch(/<span class="mark tone-good" aria-hidden="true">✓<\/span><span class="sr-only">Good: <\/span>/);
    expect(html).toMatch(/<span class="mark tone-warning" aria-hidden="true">!<\/span><span class="sr-only">Warning: <\/span>/);
    expect(html).toContain('<tr class="row-bad">');
    expect(html).toContain('<div class="notice notice-error" role="note"><strong>Error:</strong>');
  });

  it('shows the empty text instead of a table with no rows or a chart with no values', () => {
    expect(html).toContain('<p class="empty">No findings were open this week.</p>');
    expect(html).toContain('<p class="empty">No GPU usage data this week.</p>');
    const chartless = renderReportHtml(
      doc([{ type: 'chart', empty: 'No data <yet>.', chart: { id: 'c', kind: 'bar', title: 'C', unit: 'USD', categories: [], series: [] } }]),
    );
    expect(chartless).toContain('<p class="empty">No data &lt;yet&gt;.</p>');
    expect(chartless).not.toContain('<svg');
  });

  it('draws each chart twice, for desktop and phone, and each table in its own scroll box', () => {
    expect(html.match(/<figure class="chart" id=/g)).toHaveLength(3);
    expect(html.match(/<div class="chart-wide"/g)).toHaveLength(3);
    expect(html.match(/<div class="chart-narrow"/g)).toHaveLength(3);
    expect(html.match(/<div class="table-scroll"[^>]*><table/g)).toHaveLength(1);
    expect(html).toMatch(/<th scope="col" class="num">This week<\/th>/);
  });

  it('renders a missing cell as an empty one', () => {
    const out = renderReportHtml(
      doc([{ type: 'table', columns: [{ key: 'a', label: 'A' }, { key: 'b', label: 'B' }], rows: [{ a: 'x' }], empty: '-' }]),
    );
    expect(out).toContain('<tr><td data-label="A">x</td><td data-label="B"></td></tr>');
  });

  it('rejects section ids that cannot be anchors, duplicates and mismatched row tones', () => {
    expect(() => renderReportHtml({ ...doc([]), sections: [{ id: 'has space', title: 'x', blocks: [] }] })).toThrow(/section id "has space"/);
    expect(() =>
      renderReportHtml({ ...doc([]), sections: [{ id: 'a', title: 'x', blocks: [] }, { id: 'a', title: 'y', blocks: [] }] }),
    ).toThrow(/used twice/);
    expect(() => renderReportHtml(doc([{ ...servicesTable(3), rowTones: ['bad'] }]))).toThrow(/1 row tones for 3 rows/);
    expect(() => renderReportHtml(doc([], { generatedAt: new Date('nope') }))).toThrow(/generatedAt/);
  });
});
