import { OAuth2Client } from 'google-auth-library';
import { GoogleHttp } from '../../../../src/providers/gcp/google-http';
import type { Simulator } from '../../../../src/sim/index';

/** A fixed clock start: Wednesday 2026-11-18 15:00 UTC (the AWS sim tests' NOW). */
export const NOW = new Date('2026-11-18T15:00:00Z');
export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;

export const PROJECT = 'acme-ml-prod';
export const NUMBER = '482915736014';
export const LOC = `/v1/projects/${PROJECT}/locations/us-central1`;
export const IDLE_EP = '4054137345011449856';
export const IDLE_DM = '2135638937245368320';
export const L4_EP = '6218392561207394304';
export const L4_DM = '8830574215618691072';
export const BUSY_EP = '1487205736610709504';
export const BUSY_DM = '5502936817465114624';
export const JOB = '7745319902826168320';
export const NOTEBOOK = `/v2/projects/${PROJECT}/locations/us-central1-a/instances/research-gpu-notebook`;

/** fetch against the simulator with a Bearer token (or none); JSON in, JSON out. */
export function gcall(sim: Simulator) {
  return async (path: string, init: { method?: string; body?: unknown; token?: string | null } = {}): Promise<{ status: number; body: any }> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (init.token !== null) headers.authorization = `Bearer ${init.token ?? 'test-token'}`;
    const res = await fetch(`${sim.url}${path}`, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
    return { status: res.status, body: await res.json() };
  };
}

/** The production Google channel (google-auth-library OAuth2Client) pointed at the simulator. */
export function googleHttp(sim: Simulator): GoogleHttp {
  const auth = new OAuth2Client();
  auth.setCredentials({ access_token: 't', expiry_date: Date.now() + 3600e3 });
  return new GoogleHttp({ auth, baseUrl: sim.url });
}

export function timeSeriesQuery(metric: string, opts: { start: Date; end: Date; period?: string; aligner?: string; reducer?: string; groupBy?: string[]; extraFilter?: string; pageSize?: number }): string {
  const q = new URLSearchParams({
    filter: `metric.type="aiplatform.googleapis.com/prediction/online/${metric}" AND resource.type="aiplatform.googleapis.com/Endpoint"${opts.extraFilter ? ` AND ${opts.extraFilter}` : ''}`,
    'interval.startTime': opts.start.toISOString(),
    'interval.endTime': opts.end.toISOString(),
    view: 'FULL',
  });
  if (opts.aligner) {
    q.set('aggregation.alignmentPeriod', opts.period ?? '3600s');
    q.set('aggregation.perSeriesAligner', opts.aligner);
  }
  if (opts.reducer) q.set('aggregation.crossSeriesReducer', opts.reducer);
  for (const g of opts.groupBy ?? []) q.append('aggregation.groupByFields', g);
  if (opts.pageSize) q.set('pageSize', String(opts.pageSize));
  return `/v3/projects/${PROJECT}/timeSeries?${q}`;
}
