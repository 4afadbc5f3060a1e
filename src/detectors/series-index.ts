import { refKey, type ResourceRef } from '../domain/cloud';
import type { UtilizationSeries } from '../domain/utilization';

export interface SeriesIndex {
  forRef(ref: ResourceRef): readonly UtilizationSeries[];
}

/** Groups series by resource once per run, so detectors stay O(n) on 10,000-endpoint fleets. */
export function seriesIndex(series: readonly UtilizationSeries[]): SeriesIndex {
  const byRef = new Map<string, UtilizationSeries[]>();
  for (const s of series) {
    const k = refKey(s.ref);
    const list = byRef.get(k);
    if (list) list.push(s);
    else byRef.set(k, [s]);
  }
  return { forRef: (ref) => byRef.get(refKey(ref)) ?? [] };
}
