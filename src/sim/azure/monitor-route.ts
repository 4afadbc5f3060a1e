import type { ArmRouteDef } from './arm-route';
import { badRequest, notFound } from './arm-wire';
import { key, type SimOnlineDeployment, type SimOnlineEndpoint } from './azure-model';
import { azureOf } from './ml-lookup';
import { DEPLOYMENT_METRICS, DEPLOYMENT_NAMESPACE, ENDPOINT_METRICS, ENDPOINT_NAMESPACE, type DeploymentMetric, type DimValue, type EndpointMetric, type MetricDef } from './monitor-catalog';
import { deploymentMinute, endpointMinute } from './monitor-samples';

/**
 * Azure Monitor Metrics_List for managed online endpoints and deployments:
 * GET {resourceUri}/providers/Microsoft.Insights/metrics?api-version=2018-01-01&metricnames=..&timespan=start/end
 * &interval=PT1M..P1D&aggregation=..&$filter=..&metricnamespace=..
 * Every interval of the timespan has a data entry with its timeStamp; aggregation values are absent when there is
 * no sample (nothing live, telemetry gap, the future). `$filter` takes `dim eq 'value'` clauses joined by `and`;
 * `'*'` splits the answer by that dimension. Split series carry metadatavalues with LOWER-CASE dimension names, as
 * Azure answers them (GetMetric.json example: filter "Tier" -> "tier"). Deployment metrics are not split by
 * instanceId / State (filters on those are accepted and ignored ⚠️).
 */
const INTERVALS: Record<string, number> = { PT1M: 1, PT5M: 5, PT15M: 15, PT30M: 30, PT1H: 60, PT6H: 360, PT12H: 720, P1D: 1440 };
const AGGREGATIONS = ['average', 'count', 'minimum', 'maximum', 'total'] as const;
type Aggregation = (typeof AGGREGATIONS)[number];
const MINUTE_MS = 60_000;
const MAX_SPAN_MS = 93 * 86_400_000;

interface Clause {
  name: string;
  value: string;
}

export function parseMetricFilter(filter: string | null): Clause[] {
  if (!filter || !filter.trim()) return [];
  return filter.split(/\s+and\s+/i).map((part) => {
    const m = /^\s*\(?\s*([A-Za-z][\w.]*)\s+eq\s+'([^']*)'\s*\)?\s*$/i.exec(part);
    if (!m) throw badRequest(`The $filter '${filter}' is invalid: the simulator takes "<dimension> eq '<value>'" clauses joined by "and".`, 'BadRequest');
    return { name: m[1]!, value: m[2]! };
  });
}

const isoSeconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function parseTimespan(raw: string | null, nowMs: number): [number, number] {
  if (!raw) return [nowMs - 3_600_000, nowMs];
  const [a, b] = raw.split('/');
  const start = Date.parse(a ?? '');
  const end = Date.parse(b ?? '');
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) throw badRequest(`Invalid timespan '${raw}': expected <start>/<end> ISO 8601 date-times with end after start.`, 'BadRequest');
  if (end - start > MAX_SPAN_MS) throw badRequest(`The timespan '${raw}' is longer than the 93 days metrics are kept.`, 'BadRequest');
  return [start, end];
}

type Target = { kind: 'endpoint'; endpoint: SimOnlineEndpoint } | { kind: 'deployment'; endpoint: SimOnlineEndpoint; deployment: SimOnlineDeployment };

function targetOf(az: ReturnType<typeof azureOf>, uri: string): Target {
  const k = key(uri);
  const endpoint = az.endpoints.get(k);
  if (endpoint) return { kind: 'endpoint', endpoint };
  const m = /^(.*\/onlineendpoints\/[^/]+)\/deployments\/([^/]+)$/.exec(k);
  const parent = m ? az.endpoints.get(m[1]!) : undefined;
  const deployment = parent?.deployments.get(m![2]!);
  if (parent && deployment) return { kind: 'deployment', endpoint: parent, deployment };
  throw notFound(`The Resource '${uri.replace(/^.*\/providers\//, '')}' was not found.`, 'ResourceNotFound');
}

function aggregate(samples: number[] | undefined, aggs: readonly Aggregation[]): Record<string, number> {
  if (!samples || samples.length === 0) return {};
  const total = samples.reduce((s, v) => s + v, 0);
  const all: Record<Aggregation, number> = { total, count: samples.length, average: total / samples.length, minimum: Math.min(...samples), maximum: Math.max(...samples) };
  return Object.fromEntries(aggs.map((a) => [a, all[a]]));
}

/** One minute's values of a metric, filtered and merged into groups keyed by the filter's dimension values. */
function groupMinute(values: DimValue[], def: MetricDef, clauses: Clause[]): Map<string, { dims: Array<[string, string]>; value: number }> {
  const out = new Map<string, { dims: Array<[string, string]>; sum: number; weight: number }>();
  for (const v of values) {
    const dims: Array<[string, string]> = [];
    let keep = true;
    for (const c of clauses) {
      const dim = def.dimensions.find((d) => d.toLowerCase() === c.name.toLowerCase())!;
      if (!(dim in v.dims)) continue; // dimensions the simulator does not split (instanceId, State)
      const actual = v.dims[dim]!;
      if (c.value !== '*' && actual.toLowerCase() !== c.value.toLowerCase()) keep = false;
      dims.push([dim.toLowerCase(), actual]);
    }
    if (!keep) continue;
    const k = JSON.stringify(dims);
    const g = out.get(k) ?? { dims, sum: 0, weight: 0 };
    const w = def.merge === 'mean' ? (v.weight ?? 1) : 1;
    g.sum += def.merge === 'mean' ? v.value * w : v.value;
    g.weight += w;
    out.set(k, g);
  }
  return new Map([...out].map(([k, g]) => [k, { dims: g.dims, value: def.merge === 'mean' ? g.sum / g.weight : g.sum }]));
}

export const MONITOR_ROUTES: readonly ArmRouteDef[] = [
  {
    method: 'GET',
    path: /^(\/subscriptions\/([^/]+)\/resourceGroups\/[^/]+\/providers\/.+?)\/providers\/Microsoft\.Insights\/metrics$/i,
    operation: 'Monitor.Metrics_List',
    action: 'Microsoft.Insights/metrics/read',
    apiVersions: ['2018-01-01', '2019-07-01', '2021-05-01', '2023-10-01'],
    handle: ({ params, state, nowMs, query }) => {
      const uri = params[0]!;
      const az = azureOf(state, params[1]!);
      const target = targetOf(az, uri);
      const namespace = target.kind === 'endpoint' ? ENDPOINT_NAMESPACE : DEPLOYMENT_NAMESPACE;
      const ns = query.get('metricnamespace');
      if (ns && ns.toLowerCase() !== namespace.toLowerCase()) throw badRequest(`Metric namespace '${ns}' is not valid for this resource; its namespace is ${namespace}.`, 'BadRequest');
      const catalog: ReadonlyArray<EndpointMetric | DeploymentMetric> = target.kind === 'endpoint' ? ENDPOINT_METRICS : DEPLOYMENT_METRICS;
      const names = (query.get('metricnames') ?? '').split(',').map((s) => s.trim()).filter(Boolean);
      // ⚠️ Azure falls back to a default metric without metricnames; the simulator asks for them.
      if (names.length === 0) throw badRequest('metricnames is required by the simulator.', 'BadRequest');
      const defs = names.map((n) => {
        const d = catalog.find((c) => c.name.toLowerCase() === n.toLowerCase());
        if (!d) {
          throw badRequest(
            `Failed to find metric configuration for provider: Microsoft.MachineLearningServices, resource Type: ${namespace.replace('Microsoft.MachineLearningServices/', '')}, metric: ${n}, Valid metrics: ${catalog.map((c) => c.name).join(',')}`,
            'BadRequest',
          );
        }
        return d;
      });
      const interval = query.get('interval') ?? 'PT1M';
      const step = INTERVALS[interval.toUpperCase()];
      if (!step) throw badRequest(`Invalid interval '${interval}'; supported: ${Object.keys(INTERVALS).join(', ')}.`, 'BadRequest');
      const stepMs = step * MINUTE_MS;
      const [start, end] = parseTimespan(query.get('timespan'), nowMs);
      const clauses = parseMetricFilter(query.get('$filter'));
      for (const d of defs) {
        for (const c of clauses) {
          if (!d.dimensions.some((x) => x.toLowerCase() === c.name.toLowerCase())) {
            throw badRequest(`Metric: ${d.name} does not support requested dimension combination: ${c.name.toLowerCase()}, supported ones are: ${d.dimensions.join(',')}`, 'BadRequest');
          }
        }
      }
      const rawAggs = (query.get('aggregation') ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
      for (const a of rawAggs) if (!(AGGREGATIONS as readonly string[]).includes(a)) throw badRequest(`Invalid aggregation '${a}'; use Average, Count, Minimum, Maximum or Total.`, 'BadRequest');

      const first = Math.floor(start / stepMs) * stepMs;
      const buckets: number[] = [];
      for (let t = first; t < end; t += stepMs) buckets.push(t);
      // series[metric] = group key -> { dims, samples per bucket index }
      const series = defs.map(() => new Map<string, { dims: Array<[string, string]>; samples: Map<number, number[]> }>());
      const lastMinute = Math.min(end, nowMs);
      for (let t = Math.max(first, Math.floor(start / MINUTE_MS) * MINUTE_MS); t < lastMinute; t += MINUTE_MS) {
        const b = Math.floor((t - first) / stepMs);
        const em = target.kind === 'endpoint' ? endpointMinute(target.endpoint, t) : undefined;
        const dm = target.kind === 'deployment' ? deploymentMinute(target.endpoint, target.deployment, t) : undefined;
        if (!em && !dm) continue;
        defs.forEach((def, i) => {
          const values = def.kind === 'endpoint' ? def.values(em!) : def.values(dm!);
          for (const [k, g] of groupMinute(values, def, clauses)) {
            const s = series[i]!.get(k) ?? { dims: g.dims, samples: new Map() };
            const list = s.samples.get(b) ?? [];
            list.push(g.value);
            s.samples.set(b, list);
            series[i]!.set(k, s);
          }
        });
      }
      const split = clauses.length > 0;
      const value = defs.map((def, i) => {
        const aggs = (rawAggs.length ? rawAggs : [def.primary]) as Aggregation[];
        const groups = [...series[i]!.values()];
        if (!split && groups.length === 0) groups.push({ dims: [], samples: new Map() });
        return {
          id: `${uri}/providers/Microsoft.Insights/metrics/${def.name}`,
          type: 'Microsoft.Insights/metrics',
          name: { value: def.name, localizedValue: def.localized },
          displayDescription: def.description,
          unit: def.unit,
          timeseries: groups.map((g) => ({
            metadatavalues: g.dims.map(([name, v]) => ({ name: { value: name, localizedValue: name }, value: v })),
            data: buckets.map((t, b) => ({ timeStamp: isoSeconds(t), ...aggregate(g.samples.get(b), aggs) })),
          })),
          errorCode: 'Success',
        };
      });
      return { cost: Math.round((end - start) / MINUTE_MS) * defs.length, timespan: `${isoSeconds(start)}/${isoSeconds(end)}`, interval: interval.toUpperCase(), value, namespace, resourceregion: target.endpoint.location };
    },
  },
];

