import { describe, expect, it } from 'vitest';
import { renderChartPng, renderChartSvg, valueFormatter } from '../../../src/report/render';
import { chartOption } from '../../../src/report/render/chart-option';
import { escapeHtml } from '../../../src/report/render/escape-html';
import { dailySpendChart, topServicesChart, weeklyByCloudChart } from '../../support/report-fixture';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) }; // IHDR, right after the signature
}

describe('valueFormatter', () => {
  it('formats ISO currency codes as money and other units as a word after the number', () => {
    expect(valueFormatter('USD').full(12345.678)).toBe('$12,345.68');
    expect(valueFormatter('EUR').compact(12345)).toBe('€12.3K');
    expect(valueFormatter('ms').full(1500)).toBe('1,500 ms');
    expect(valueFormatter('%').compact(40)).toBe('40 %');
    expect(valueFormatter('GPU').full(3)).toBe('3 GPU'); // three capitals but not a currency
    expect(valueFormatter('').full(2.5)).toBe('2.5');
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('renderChartSvg', () => {
  it('draws a line chart with its series, categories and currency axis', () => {
    const svg = renderChartSvg(dailySpendChart());
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('viewBox="0 0 720 ');
    for (const text of ['Daily ML spend by cloud', 'AWS', 'Google Cloud', 'Azure', 'Mon 16', 'Sun 22']) expect(svg).toContain(text);
    expect(svg).toMatch(/>\$1(\.\d)?K</);
  });

  it('leaves nulls as gaps, never zeros', () => {
    const option = chartOption(dailySpendChart(), { width: 720, height: 300, title: true }) as { series: Array<{ data: unknown[]; connectNulls: boolean }> };
    expect(option.series[0]!.data[2]).toBeNull();
    expect(option.series[0]!.connectNulls).toBe(false);
  });

  it('puts categories on the vertical axis for horizontal bars, first category on top', () => {
    const option = chartOption(topServicesChart(), { width: 720, height: 300, title: true }) as Record<string, { type: string; inverse?: boolean }>;
    expect(option.yAxis!.type).toBe('category');
    expect(option.yAxis!.inverse).toBe(true);
    expect(option.xAxis!.type).toBe('value');
    const svg = renderChartSvg(topServicesChart());
    expect(svg).toContain('Vertex AI Online Prediction');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).not.toContain('<script');
  });

  it('stacks the series of a stacked bar chart', () => {
    const option = chartOption(weeklyByCloudChart(), { width: 720, height: 300, title: true }) as { series: Array<{ stack?: string; type: string }> };
    expect(option.series.map((s) => [s.type, s.stack])).toEqual([['bar', 'total'], ['bar', 'total'], ['bar', 'total']]);
    expect(renderChartSvg(weeklyByCloudChart(), { width: 360 })).toContain('width="360"');
  });

  it('explains a malformed or empty spec', () => {
    expect(() => renderChartSvg(dailySpendChart({ series: [{ name: 'x', values: [1] }] }))).toThrow(/series "x" has 1 values for 7 categories/);
    expect(() => renderChartSvg(dailySpendChart({ series: [{ name: 'x', values: Array(7).fill(null) }] }))).toThrow(/no data/);
    expect(() => renderChartSvg(dailySpendChart({ series: [{ name: 'x', values: [1, 2, 3, 4, 5, 6, Number.NaN] }] }))).toThrow(/non-finite/);
    expect(() => renderChartSvg(dailySpendChart(), { width: 10 })).toThrow(/outside/);
  });
});

describe('renderChartPng', () => {
  it('returns a PNG at twice the SVG size by default', async () => {
    const png = await renderChartPng(topServicesChart(), { width: 600, height: 300 });
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(pngSize(png)).toEqual({ width: 1200, height: 600 });
    expect(png.byteLength).toBeGreaterThan(5_000); // text and bars, not a blank image
  });

  it('honours the scale option and rejects a silly one', async () => {
    const png = await renderChartPng(dailySpendChart(), { width: 400, height: 250, scale: 1 });
    expect(pngSize(png)).toEqual({ width: 400, height: 250 });
    await expect(renderChartPng(dailySpendChart(), { scale: 0 })).rejects.toThrow(/scale/);
  });
});
