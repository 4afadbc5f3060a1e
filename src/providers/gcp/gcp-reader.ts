import type { WatchdogConfig } from '../../config/schema';
import type { CostLine } from '../../domain/cost';
import type { Endpoint } from '../../domain/resources';
import { emptyInventory, type Inventory } from '../../domain/snapshot';
import type { ProviderStatus } from '../../domain/status';
import type { TimeWindow, UtilizationSeries } from '../../domain/utilization';
import { mapLimit } from '../../lib/map-limit';
import type { CloudReader, ReadScope, UtilizationRequest } from '../types';
import { classifyGoogleError, googleAdvice, type GoogleApiError } from './google-errors';
import type { GoogleHttp } from './google-http';
import { listVertex, listWorkbench, toInventory, type VertexListing } from './gcp-inventory';
import { listJobHistory } from './gcp-inventory';
import { historySince } from '../training-history-window';
import { readVertexUtilization } from './monitoring';
import type { GcpCostSource, GcpPriceSource } from './ports';
import type { ListedIn } from './to-domain';
import type { VertexModelJson } from './model-origin';
import type { CustomJobJson, WorkbenchInstanceJson } from './vertex-json';
import { getVertexModels } from './vertex-models';

export interface GcpReaderDeps {
  config: WatchdogConfig;
  /** A new call channel per component (its own call counts); all share one credentials client. */
  http: () => GoogleHttp;
  prices: GcpPriceSource;
  /** Billed cost from the BigQuery export; unset when billingExport is disabled. */
  costs?: GcpCostSource;
  now: () => Date;
}

const SEVERITY: Record<ProviderStatus['state'], number> = { ok: 0, disabled: 0, 'missing-data': 1, throttled: 2, error: 3, 'auth-failed': 4 };

/** One component's status from the failures of its parts (the worst state wins; every failure is described once). */
/** Counters that only grow, minus an earlier reading: this run's calls. */
function callsSince(now: Record<string, number>, before: Record<string, number>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(now)
      .map(([op, n]) => [op, n - (before[op] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
}

function statusOf(component: string, failures: { what: string; err: GoogleApiError }[], calls: Record<string, number>, notes: string[] = []): ProviderStatus {
  const seen = new Set<string>();
  const parts: string[] = [];
  let worst: GoogleApiError | undefined;
  for (const f of failures) {
    if (!worst || SEVERITY[f.err.state] > SEVERITY[worst.state]) worst = f.err;
    const key = `${f.err.operation} ${f.err.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(`${f.what}: ${f.err.message} ${googleAdvice(f.err)}`);
  }
  const message = [...parts, ...notes].join(' ');
  return { cloud: 'gcp', component, state: worst?.state ?? 'ok', ...(message ? { message } : {}), ...(worst ? { code: worst.code } : {}), calls };
}

/**
 * The Google Vertex AI CloudReader. Inventory and utilisation run per location (`inventory:us-central1`,
 * `utilization:us-central1`), Workbench per project (`inventory:workbench`), costs from the BigQuery billing export
 * (`costs`) and list prices from the Cloud Billing Catalog (`prices`). One project or location failing never hides
 * the others; nothing throws for a cloud failure.
 */
export function createGcpReader(deps: GcpReaderDeps): CloudReader {
  const gcp = deps.config.clouds.gcp;
  const statuses = new Map<string, ProviderStatus>();
  const record = (s: ProviderStatus): void => void statuses.set(s.component, s);
  const disabled = (component: string): boolean => {
    if (gcp.enabled) return false;
    record({ cloud: 'gcp', component, state: 'disabled', message: 'clouds.gcp.enabled is false.' });
    return true;
  };

  async function vertexOf(location: string) {
    const http = deps.http();
    const failures: { what: string; err: GoogleApiError }[] = [];
    const listed: ({ where: ListedIn; models?: Map<string, VertexModelJson>; history: CustomJobJson[] } & VertexListing)[] = [];
    const { trainingHistorySince: since } = historySince(deps.config, deps.now());
    await mapLimit(gcp.projects, gcp.maxConcurrency, async (project) => {
      const where = { project, location };
      // The history is optional: its failure leaves the inventory standing and only the family medians missing.
      const history = since
        ? listJobHistory(http, where, since).catch((err: unknown) => {
            failures.push({ what: `project ${project} (succeeded custom jobs, the runaway-training history)`, err: classifyGoogleError(err, 'Vertex.ListCustomJobs') });
            return [];
          })
        : Promise.resolve([]);
      try {
        const l = await listVertex(http, where, gcp.maxConcurrency);
        // models.get only when the lock-in score will read the containers (one call per distinct model).
        const looked = deps.config.detectors['lock-in-risk'].enabled ? await getVertexModels(http, l.endpoints, gcp.maxConcurrency) : undefined;
        if (looked) failures.push(...looked.failures.map((f) => ({ what: `project ${project} ${f.what}`, err: f.err })));
        listed.push({ where, ...l, ...(looked ? { models: looked.models } : {}), history: await history });
        // Only the failure reason is missing, the endpoint is listed: a denial (no aiplatform.operations.list) is
        // missing data, not a failed inventory.
        for (const o of l.operationErrors) {
          const err = classifyGoogleError(o.err, 'Vertex.ListOperations');
          failures.push({ what: `project ${project} endpoint ${o.endpoint} (its deploy operations; the failure reason is unknown)`, err: err.state === 'auth-failed' ? { ...err, state: 'missing-data' } : err });
        }
      } catch (err) {
        await history;
        failures.push({ what: `project ${project}`, err: classifyGoogleError(err, 'Vertex.ListEndpoints') });
      }
    });
    return { listed, finish: () => record(statusOf(`inventory:${location}`, failures, http.calls())) };
  }

  async function workbench() {
    const http = deps.http();
    const failures: { what: string; err: GoogleApiError }[] = [];
    const notes: string[] = [];
    const found: { project: string; instances: WorkbenchInstanceJson[] }[] = [];
    const jobs = gcp.projects.flatMap((project) => gcp.workbenchLocations.map((zone) => ({ project, zone })));
    await mapLimit(jobs, gcp.maxConcurrency, async ({ project, zone }) => {
      try {
        const r = await listWorkbench(http, project, zone);
        found.push({ project, instances: r.instances });
        if (r.unreachable.length > 0) notes.push(`Workbench zones that did not answer for ${project}: ${r.unreachable.join(', ')} (their instances are missing from this run).`);
      } catch (err) {
        failures.push({ what: `project ${project} zone ${zone}`, err: classifyGoogleError(err, 'Notebooks.ListInstances') });
      }
    });
    return { found, finish: () => record(statusOf('inventory:workbench', failures, http.calls(), notes)) };
  }

  return {
    cloud: 'gcp',

    async inventory(scope: ReadScope): Promise<Inventory> {
      if (disabled('inventory')) return emptyInventory();
      const locations = scope.regions ? gcp.locations.filter((l) => scope.regions!.includes(l)) : gcp.locations;
      // The price source lives as long as the reader (a warm Lambda container) and counts its calls since then.
      const pricesBefore = deps.prices.status()[0]?.calls ?? {};
      const [vertex, wb] = await Promise.all([Promise.all(locations.map(vertexOf)), workbench()]);
      try {
        return await toInventory(vertex.flatMap((v) => v.listed), wb.found, deps.prices, deps.now());
      } finally {
        for (const v of vertex) v.finish();
        wb.finish();
        for (const s of deps.prices.status()) record({ ...s, calls: callsSince(s.calls ?? {}, pricesBefore) });
      }
    },

    async utilization(endpoints: readonly Endpoint[], request: UtilizationRequest): Promise<UtilizationSeries[]> {
      if (disabled('utilization')) return [];
      const groups = new Map<string, { project: string; location: string; endpoints: Endpoint[] }>();
      for (const e of endpoints) {
        if (e.ref.cloud !== 'gcp' || e.variants.length === 0) continue;
        const key = `${e.ref.account}/${e.ref.region}`;
        const g = groups.get(key) ?? { project: e.ref.account, location: e.ref.region, endpoints: [] };
        g.endpoints.push(e);
        groups.set(key, g);
      }
      const byLocation = new Map<string, { http: GoogleHttp; failures: { what: string; err: GoogleApiError }[] }>();
      const parts = await mapLimit([...groups.values()], gcp.maxConcurrency, async (g) => {
        const slot = byLocation.get(g.location) ?? { http: deps.http(), failures: [] };
        byLocation.set(g.location, slot);
        try {
          return await readVertexUtilization({
            http: slot.http,
            ...g,
            window: request.window,
            detailWindow: request.detailWindow ?? request.window,
            ...(request.gpu ? { gpu: request.gpu } : {}),
          });
        } catch (err) {
          slot.failures.push({ what: `project ${g.project}`, err: classifyGoogleError(err, 'Monitoring.ListTimeSeries') });
          return [];
        }
      });
      for (const [location, slot] of byLocation) record(statusOf(`utilization:${location}`, slot.failures, slot.http.calls()));
      return parts.flat();
    },

    async costs(window: TimeWindow): Promise<CostLine[]> {
      if (disabled('costs')) return [];
      if (!deps.costs) {
        record({ cloud: 'gcp', component: 'costs', state: 'disabled', message: 'clouds.gcp.billingExport.enabled is false: no billed cost is read (list prices only).' });
        return [];
      }
      const r = await deps.costs.costs(window);
      record(r.status);
      return r.lines;
    },

    status(): ProviderStatus[] {
      return [...statuses.values()].sort((a, b) => a.component.localeCompare(b.component));
    },
  };
}
