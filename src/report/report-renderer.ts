import type { ReportRenderer } from '../app/deliver-weekly-report';
import { renderChartPng, renderReportHtml } from './render/index';

/** The real renderers (src/report/render) behind the small interface delivery and the CLI use. */
export function reportRenderer(): ReportRenderer {
  return {
    html: (doc) => renderReportHtml(doc),
    chartPng: async (spec) => Buffer.from(await renderChartPng(spec)),
  };
}
