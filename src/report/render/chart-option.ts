import type { ChartSpec } from '../report-document';
import { valueFormatter } from './format-value';

/** Colour-blind-friendly categorical palette (Tableau 10 order); series beyond ten repeat it. */
export const SERIES_COLOURS = [
  '#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
];

/** The same stack as the HTML page, ending in DejaVu Sans, the font the PNG renderer embeds. */
// Single quotes: ECharts writes the family into a double-quoted style attribute without escaping it.
export const CHART_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'DejaVu Sans', sans-serif";

export interface ChartLayout {
  width: number;
  height: number;
  /** Draw the title inside the image (Slack PNG); the HTML page shows it as a caption instead. */
  title: boolean;
}

/** ECharts option for a spec: pure data, no DOM, so it is unit-testable and the same for SVG and PNG. */
export function chartOption(spec: ChartSpec, layout: ChartLayout): Record<string, unknown> {
  const fmt = valueFormatter(spec.unit);
  const horizontal = spec.orientation === 'horizontal';
  const stacked = spec.kind === 'stacked-bar';
  const multi = spec.series.length > 1;
  const narrow = layout.width < 480;
  // Long category names (services, owners) are cut on the axis; the full name stays in the table next to the chart.
  const maxLabel = horizontal ? Math.round(layout.width * (narrow ? 0.3 : 0.28)) : undefined;
  const categoryAxis = {
    type: 'category',
    data: spec.categories,
    inverse: horizontal, // first category on top, as in a table
    axisTick: { alignWithLabel: true },
    axisLine: { lineStyle: { color: '#8c959f' } },
    axisLabel: {
      color: '#424a53',
      fontSize: narrow ? 10 : 11,
      hideOverlap: !horizontal,
      ...(horizontal ? { width: maxLabel, overflow: 'truncate' } : { interval: 'auto' }),
    },
    boundaryGap: spec.kind !== 'line',
  };
  const valueAxis = {
    type: 'value',
    axisLabel: { color: '#424a53', fontSize: narrow ? 10 : 11, formatter: (v: number) => fmt.compact(v) },
    splitLine: { lineStyle: { color: '#e5e7eb' } },
    splitNumber: narrow ? 3 : 5,
  };
  const top = (layout.title ? 36 : 10) + (multi ? 28 : 0);
  // One bar series gets its value printed on the bar: a figure users read without guessing from the axis.
  const barLabels = spec.kind === 'bar' && !multi && spec.categories.length <= (horizontal ? 30 : 12);
  return {
    animation: false,
    backgroundColor: '#ffffff',
    color: SERIES_COLOURS,
    textStyle: { fontFamily: CHART_FONT, color: '#1f2328' },
    title: layout.title
      ? { text: spec.title, left: 8, top: 6, textStyle: { fontSize: 14, fontWeight: 600, color: '#1f2328' } }
      : undefined,
    legend: multi
      ? { show: true, top: layout.title ? 32 : 4, left: 8, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: 11 } }
      : { show: false },
    // Room on the right for the last category label of a line (points sit on the edge) and for bar value labels.
    grid: { left: 12, right: horizontal && barLabels ? 60 : spec.kind === 'line' ? 28 : 16, top: top + 8, bottom: 14 },
    xAxis: horizontal ? valueAxis : categoryAxis,
    yAxis: horizontal ? categoryAxis : valueAxis,
    series: spec.series.map((s) => ({
      name: s.name,
      type: spec.kind === 'line' ? 'line' : 'bar',
      stack: stacked ? 'total' : undefined,
      // null stays null: ECharts leaves a gap in lines and draws no bar, which is "no data", not zero.
      data: s.values,
      connectNulls: false,
      showSymbol: spec.kind === 'line',
      symbolSize: 5,
      barMaxWidth: 36,
      label: barLabels
        ? {
            show: true,
            position: horizontal ? 'right' : 'top',
            fontSize: 10,
            color: '#424a53',
            formatter: (p: { value: number | null }) => (p.value === null ? '' : fmt.compact(p.value)),
          }
        : undefined,
    })),
  };
}
