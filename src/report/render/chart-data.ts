import type { ChartSpec } from '../report-document';

/** False when there is nothing to draw: no categories, no series, or every value null. */
export function chartHasData(spec: ChartSpec): boolean {
  return spec.categories.length > 0 && spec.series.some((s) => s.values.some((v) => v !== null));
}

/** A malformed spec is a bug in the content builder: say which chart and what is wrong rather than draw nonsense. */
export function assertChartSpec(spec: ChartSpec): void {
  const where = `chart "${spec.id}"`;
  if (!['bar', 'stacked-bar', 'line'].includes(spec.kind)) throw new Error(`${where}: unknown kind "${spec.kind}"`);
  for (const s of spec.series) {
    if (s.values.length !== spec.categories.length) {
      throw new Error(
        `${where}: series "${s.name}" has ${s.values.length} values for ${spec.categories.length} categories`,
      );
    }
    for (const v of s.values) {
      if (v !== null && !Number.isFinite(v)) throw new Error(`${where}: series "${s.name}" has a non-finite value`);
    }
  }
}

/** Chart height that keeps horizontal bars readable however many categories there are. */
export function defaultChartHeight(spec: ChartSpec, narrow: boolean): number {
  const legend = spec.series.length > 1 ? 30 : 0;
  if (spec.orientation === 'horizontal') {
    const perCategory = spec.kind === 'bar' && spec.series.length > 1 ? 18 * spec.series.length + 10 : 30;
    return Math.max(160, 70 + legend + spec.categories.length * perCategory);
  }
  return (narrow ? 260 : 300) + legend;
}
