/** The report renderers: HTML page, chart SVG and chart PNG, all from the plain ReportDocument / ChartSpec data. */
export { renderReportHtml } from './render-report-html';
export { renderChartSvg, type ChartSvgOptions } from './render-chart-svg';
export { renderChartPng, type ChartPngOptions } from './render-chart-png';
export { chartHasData } from './chart-data';
export { valueFormatter } from './format-value';
