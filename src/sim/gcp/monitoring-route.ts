import { rfc3339 } from './gcp-ids';
import { googleRoute } from './google-route';
import { encodePageToken, decodePageToken, invalidArgument, queryFingerprint } from './google-wire';
import { aggregate, parseAggregation, typedValue, type OutSeries } from './monitoring-aggregate';
import { parseMonitoringFilter } from './monitoring-filter';
import { RESOURCE_TYPE, rawVertexSeries } from './monitoring-raw';

/**
 * Cloud Monitoring v3 projects.timeSeries.list (host monitoring.googleapis.com) for the Vertex AI online
 * prediction metrics. Data exists from the fleet's history up to the virtual now; Cloud Monitoring keeps 6 weeks
 * of these metrics (⚠️ retention of GCP system metrics per the Monitoring quotas page), older intervals are empty.
 */
const RETENTION_MS = 42 * 86_400_000;
// "If page_size is empty or more than 100,000 results, the effective page_size is 100,000 results" (metric_service.proto).
const MAX_PAGE_POINTS = 100_000;

function parseTime(q: URLSearchParams, key: string): number | undefined {
  const raw = q.get(key);
  if (raw === null || raw === '') return undefined;
  const ms = Date.parse(raw);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(raw) || !Number.isFinite(ms)) throw invalidArgument(`Field ${key} had an invalid value of "${raw}": expected an RFC 3339 timestamp.`);
  return ms;
}

function seriesJson(s: OutSeries, headersOnly: boolean): Record<string, unknown> {
  return {
    metric: { type: s.metricType, ...(Object.keys(s.metricLabels).length ? { labels: s.metricLabels } : {}) },
    resource: { type: RESOURCE_TYPE, ...(Object.keys(s.resourceLabels).length ? { labels: s.resourceLabels } : {}) },
    metricKind: s.metricKind,
    valueType: s.valueType,
    ...(headersOnly ? {} : { points: s.points.map((p) => ({ interval: { startTime: rfc3339(p.startMs), endTime: rfc3339(p.endMs) }, value: typedValue(s, p) })) }),
    unit: s.unit,
  };
}

export const monitoringRoute = googleRoute('monitoring.googleapis.com', [
  {
    method: 'GET',
    path: /^\/(v3)\/projects\/([^/]+)\/timeSeries$/,
    operation: 'Monitoring.ListTimeSeries',
    permission: 'monitoring.timeSeries.list',
    handle(c) {
      const [p] = c.params as [string];
      const { gcp, project } = c.project(p);
      const filter = parseMonitoringFilter(c.query.get('filter'));
      const endMs = parseTime(c.query, 'interval.endTime');
      if (endMs === undefined) throw invalidArgument('Field interval.endTime is required.');
      const startMs = parseTime(c.query, 'interval.startTime') ?? endMs;
      if (startMs > endMs) throw invalidArgument('Field interval.startTime must not be after interval.endTime.');
      const agg = parseAggregation(c.query);
      const view = c.query.get('view') ?? 'FULL';
      if (view !== 'FULL' && view !== 'HEADERS') throw invalidArgument(`Field view had an invalid value of "${view}".`);
      const rawSize = c.query.get('pageSize');
      const pageSize = rawSize ? Number(rawSize) : MAX_PAGE_POINTS;
      if (!Number.isInteger(pageSize) || pageSize < 0) throw invalidArgument(`Field pageSize had an invalid value of "${rawSize}".`);

      // Data exists only up to now (the future has not been written) and within retention.
      const dataFrom = Math.max(startMs, c.nowMs - RETENTION_MS);
      const dataTo = Math.min(endMs, c.nowMs);
      const resourceOk = filter.resourceType === undefined || filter.resourceType === RESOURCE_TYPE;
      const raw =
        resourceOk && dataFrom < dataTo
          ? rawVertexSeries(gcp, filter.metricType, project.number, dataFrom, dataTo, () => true).filter((s) =>
              filter.labels.every((l) => {
                const [scope, key] = l.key.split('.') as ['resource' | 'metric', string];
                const labels = scope === 'resource' ? s.resourceLabels : s.metricLabels;
                return l.test(Object.hasOwn(labels, key) ? labels[key] : undefined);
              }),
            )
          : [];
      const all = aggregate(raw, agg, startMs, endMs);

      // Pages hold whole series up to pageSize points (FULL) or pageSize series (HEADERS), at least one series.
      const headersOnly = view === 'HEADERS';
      const limit = pageSize === 0 || pageSize > MAX_PAGE_POINTS ? MAX_PAGE_POINTS : pageSize;
      const fingerprint = queryFingerprint(`timeSeries/${project.number}`, c.query);
      const token = c.query.get('pageToken');
      const offset = token ? decodePageToken(token, fingerprint) : 0;
      if (offset === undefined) throw invalidArgument('The page token is invalid or does not belong to this request.');
      const page: OutSeries[] = [];
      let used = 0;
      for (let i = offset; i < all.length; i++) {
        const cost = headersOnly ? 1 : all[i]!.points.length;
        if (page.length > 0 && used + cost > limit) break;
        page.push(all[i]!);
        used += cost;
      }
      const next = offset + page.length;
      return {
        ...(page.length ? { timeSeries: page.map((s) => seriesJson(s, headersOnly)) } : {}),
        ...(next < all.length ? { nextPageToken: encodePageToken(next, fingerprint) } : {}),
        ...(page[0] ? { unit: page[0].unit } : {}),
      };
    },
  },
]);
