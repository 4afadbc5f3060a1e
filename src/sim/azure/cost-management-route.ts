import { createHash } from 'node:crypto';
import type { FleetState } from '../fleet-model';
import type { SimHttpRoute } from '../server';
import { armRoute, type ArmCall } from './arm-route';
import { ArmError, ArmReply, armJson } from './arm-wire';
import type { AzureBilling } from './azure-billing-schema';
import type { AzureUsageRecord, AzureUsageSource } from './azure-usage';
import { parseCostQuery } from './cost-definition';
import { CostQueryError } from './cost-error';
import { extraCostRecords } from './cost-extra-usage';
import { RUN_RATE_DAYS, runForecast } from './cost-forecast';
import { pageOfTable } from './cost-paging';
import { inRange, runCostQuery, type CostTable } from './cost-query';
import { inScope, resolveCostScope, type CostScope } from './cost-scope';
import { countCostRequest, THROTTLE_BODY, throttleRetryHeaders } from './cost-throttle';
import { DAY_MS } from './cost-timeframe';

/**
 * Cost Management Query and Forecast (POST /{scope}/providers/Microsoft.CostManagement/{query|forecast}) over the
 * simulated Azure world's usage plus the fleet's `azure.billing.extraCosts`:
 * - scopes subscriptions/{id}, subscriptions/{id}/resourceGroups/{rg}, and the tenant root management group
 *   (providers/Microsoft.Management/managementGroups/{tenantId}); anything else is 403 RBACAccessDenied;
 * - usage shows up COST_DATA_LATENCY_MS after it happens (never in the future);
 * - 204 No Content when the scope has no usage at all in the period (Azure's spec allows 204);
 * - per-scope throttling (fleet azure.billing.scopeRequestsPerMinute, per virtual minute) with Cost Management's
 *   429 and x-ms-ratelimit-microsoft.costmanagement-* headers; qpu-consumed / -remaining on every answer;
 * - pages of azure.billing.pageSize rows with a nextLink the client re-POSTs the same body to.
 */

/**
 * How long after it happens usage becomes visible. Microsoft documents data refreshes "about every 4 hours" and
 * up to 8-24 h for some services; the simulator uses a fixed 8 h ⚠️.
 */
export const COST_DATA_LATENCY_MS = 8 * 3_600_000;

/** api-versions of Query_Usage / Forecast_Usage in the published spec (stable) ⚠️ list not exhaustive. */
export const COST_API_VERSIONS = ['2019-11-01', '2020-06-01', '2021-10-01', '2022-10-01', '2023-03-01', '2023-08-01', '2023-09-01', '2023-11-01', '2024-08-01', '2025-03-01'] as const;

export interface CostManagementDeps {
  billing: (state: FleetState) => AzureBilling | undefined;
  subscriptions: (state: FleetState) => ReadonlyArray<{ id: string; tenantId?: string }>;
  usage: (state: FleetState) => AzureUsageSource;
}

const PATH = (op: 'query' | 'forecast') => new RegExp(`^/(.+?)/providers/Microsoft\\.CostManagement/${op}$`, 'i');

export function costManagementRoute(deps: CostManagementDeps): SimHttpRoute {
  const base = armRoute(
    [
      { method: 'POST', path: PATH('query'), operation: 'CostManagement.Query_Usage', action: 'Microsoft.CostManagement/query/action', apiVersions: COST_API_VERSIONS, handle: (c) => answer(c, deps, 'query') },
      { method: 'POST', path: PATH('forecast'), operation: 'CostManagement.Forecast_Usage', action: 'Microsoft.CostManagement/forecast/action', apiVersions: COST_API_VERSIONS, handle: (c) => answer(c, deps, 'forecast') },
    ],
    { throttleHeaders: throttleRetryHeaders(60) },
  );
  return {
    ...base,
    // Cost Management's own 429 body and headers rather than ARM's TooManyRequests + Retry-After: the SDK's
    // throttling policy would otherwise retry by itself, and the real service answers this way.
    fault: (kind, operation, url) => (kind === 'throttle' ? armJson(THROTTLE_BODY, 429, throttleRetryHeaders(60)) : base.fault(kind, operation, url)),
  };
}

function answer(call: ArmCall, deps: CostManagementDeps, op: 'query' | 'forecast'): ArmReply {
  const scopePath = call.params[0]!;
  let headers: Record<string, string> = {};
  try {
    const scope = resolveCostScope(scopePath, deps.subscriptions(call.state));
    const billing = deps.billing(call.state);
    const t = countCostRequest(call.state, scope.scope, call.nowMs, billing?.scopeRequestsPerMinute ?? 0);
    headers = t.headers;
    if (t.throttled) return new ArmReply(429, THROTTLE_BODY, headers);
    const currency = billing?.currency ?? 'USD';
    const visibleMs = call.nowMs - COST_DATA_LATENCY_MS;
    const q = parseCostQuery(call.body, call.nowMs, { forecast: op === 'forecast', resourceIdAllowed: scope.kind !== 'managementGroup' });
    const fromMs = op === 'forecast' ? Math.min(q.range.fromDayMs, Math.floor(visibleMs / DAY_MS) * DAY_MS - RUN_RATE_DAYS * DAY_MS) : q.range.fromDayMs;
    const records = scoped(call.state, deps, billing, scope, fromMs, q.range.toDayMs + DAY_MS, visibleMs);
    // No usage at all for the scope in the period: Azure may answer 204 No Content ⚠️ (when exactly is unverified).
    if ((op === 'query' ? inRange(records, q) : records).length === 0) return new ArmReply(204, undefined, headers);
    const table: CostTable =
      op === 'query'
        ? runCostQuery(records, q, currency)
        : runForecast(records, q, { includeActualCost: call.body.includeActualCost === true, includeFreshPartialCost: call.body.includeFreshPartialCost === true, visibleMs }, currency);
    const page = pageOfTable(table, call.url, billing?.pageSize ?? 1000);
    const name = queryName(scopePath, call.body);
    return new ArmReply(
      200,
      {
        id: `/${scopePath}/providers/Microsoft.CostManagement/${op === 'query' ? 'query' : 'forecast'}/${name}`,
        name,
        type: `Microsoft.CostManagement/${op === 'query' ? 'query' : 'forecast'}`,
        location: null,
        sku: null,
        eTag: null,
        properties: { nextLink: page.nextLink, columns: table.columns, rows: page.rows },
      },
      headers,
    );
  } catch (err) {
    if (err instanceof CostQueryError) throw new ArmError(err.httpStatus, err.code, err.message, headers);
    throw err;
  }
}

function scoped(state: FleetState, deps: CostManagementDeps, billing: AzureBilling | undefined, scope: CostScope, fromMs: number, toMs: number, visibleMs: number): AzureUsageRecord[] {
  const all = [...deps.usage(state)(fromMs, toMs, visibleMs), ...extraCostRecords(billing?.extraCosts ?? [], billing?.currency ?? 'USD', state.startMs, fromMs, toMs, visibleMs)];
  return all.filter((r) => inScope(r, scope) && r.fromMs < visibleMs);
}

/** A stable GUID-shaped name per (scope, body), like the ids Azure returns for a query. */
function queryName(scope: string, body: unknown): string {
  const h = createHash('sha256').update(`${scope}\n${JSON.stringify(body)}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
