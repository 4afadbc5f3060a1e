import { Resvg, initWasm } from '@resvg/resvg-wasm';
import type { ChartSpec } from '../report-document';
import { readReportAsset } from './png-assets';
import { renderChartSvg, type ChartSvgOptions } from './render-chart-svg';

export interface ChartPngOptions extends ChartSvgOptions {
  /** Device pixels per SVG pixel; 2 (default) stays sharp on high-density screens where Slack shows the image. */
  scale?: number;
}

let ready: Promise<Uint8Array[]> | undefined;

/** resvg's WebAssembly module can be initialised once per process; the fonts are read once alongside it. */
function loadRenderer(): Promise<Uint8Array[]> {
  ready ??= initWasm(readReportAsset('wasm'))
    .then(() => [readReportAsset('font'), readReportAsset('fontBold')])
    .catch((err: unknown) => {
      ready = undefined; // a failed start is not cached: the next call retries and reports its own error
      throw err;
    });
  return ready;
}

/**
 * A chart as PNG bytes (for Slack's files.uploadV2): the same SVG as the HTML report, rasterised by resvg compiled
 * to WebAssembly, so no native module or build step, and the same bytes on x86 and arm64 Lambdas.
 */
export async function renderChartPng(spec: ChartSpec, opts: ChartPngOptions = {}): Promise<Uint8Array> {
  const scale = opts.scale ?? 2;
  if (!(scale > 0 && scale <= 4)) throw new Error(`chart "${spec.id}": PNG scale ${scale} is outside (0, 4]`);
  const svg = renderChartSvg(spec, opts);
  const fontBuffers = await loadRenderer();
  const width = Number(/<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/.exec(svg)?.[1] ?? opts.width ?? 720);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: Math.round(width * scale) },
    background: '#ffffff',
    font: {
      fontBuffers,
      loadSystemFonts: false,
      defaultFontFamily: 'DejaVu Sans',
      sansSerifFamily: 'DejaVu Sans',
    },
  });
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}
