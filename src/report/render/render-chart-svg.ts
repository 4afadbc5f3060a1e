import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartSpec } from '../report-document';
import { assertChartSpec, chartHasData, defaultChartHeight } from './chart-data';
import { chartOption } from './chart-option';
import { measureText } from './text-measure';

// Only the parts we draw: keeps the Lambda bundle at a third of the full ECharts build (docs/decisions.md).
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);
echarts.setPlatformAPI({ measureText: measureText as never });

export interface ChartSvgOptions {
  width?: number;
  height?: number;
  /** Title drawn inside the image; default true (a PNG for Slack stands alone). The HTML page passes false. */
  title?: boolean;
}

export const DEFAULT_CHART_WIDTH = 720;

/**
 * One chart as a standalone SVG string, rendered server side by ECharts' SSR SVG renderer (no DOM, no canvas).
 * The SVG has a viewBox so a page can scale it to its container.
 */
export function renderChartSvg(spec: ChartSpec, opts: ChartSvgOptions = {}): string {
  assertChartSpec(spec);
  if (!chartHasData(spec)) throw new Error(`chart "${spec.id}" has no data to draw (check chartHasData first)`);
  const width = opts.width ?? DEFAULT_CHART_WIDTH;
  const height = opts.height ?? defaultChartHeight(spec, width < 480) + (opts.title === false ? 0 : 30);
  if (!(width >= 100 && width <= 4000 && height >= 80 && height <= 8000)) {
    throw new Error(`chart "${spec.id}": size ${width}x${height} is outside 100-4000 x 80-8000`);
  }
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption(chartOption(spec, { width, height, title: opts.title !== false }));
    return withViewBox(chart.renderToSVGString(), width, height);
  } finally {
    chart.dispose(); // frees the chart; a live instance also keeps Node's event loop busy
  }
}

function withViewBox(svg: string, width: number, height: number): string {
  if (/<svg[^>]*viewBox=/.test(svg)) return svg;
  return svg.replace('<svg', `<svg viewBox="0 0 ${width} ${height}"`);
}
