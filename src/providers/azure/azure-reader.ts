import type { TokenCredential } from '@azure/core-auth';
import type { HttpClient } from '@azure/core-rest-pipeline';
import type { WatchdogConfig } from '../../config/schema';
import type { ResourceRef } from '../../domain/cloud';
import type { CostLine, MonthForecast } from '../../domain/cost';
import type { Endpoint } from '../../domain/resources';
import { emptyInventory, type Inventory } from '../../domain/snapshot';
import type { ProviderStatus } from '../../domain/status';
import type { TimeWindow, UtilizationSeries } from '../../domain/utilization';
import { mapLimit } from '../../lib/map-limit';
import type { CostCache } from '../aws/cost-cache';
import type { CloudReader, ForecastScope, ReadScope, UtilizationRequest } from '../types';
import { readDeploymentErrors } from './activity-log';
import { classifyAzureError, type AzureApiError } from './azure-errors';
import { statusOf, type Failure } from './azure-status';
import { CallCounter } from './call-counter';
import { costManagementClient, mlClient, monitorClient, type ClientFactoryOptions } from './clients';
import { subscriptionCosts, subscriptionForecast } from './cost-management';
import type { CostQueryOptions } from './cost-query';
import { Denials, listWorkspace, workspacesOf, type ListFailure, type WorkspaceListing } from './ml-inventory';
import { callKey, distinctCalls, listOptions, planEndpoint, toSeries } from './monitor-metrics';
import { AZURE_PRICE_TABLE, azureListPrice } from './price-table';
import { computeVmSizes, isComputeInstance, isRunningJob, toEndpoint, toNotebook, toTrainingJob, type AzurePriceLookup } from './to-domain';
import { toTrainingRun } from './job-runs';
import { historySince } from '../training-history-window';

export interface AzureReaderDeps {
  config: WatchdogConfig;
  credential: TokenCredential;
  now: () => Date;
  /** Waits out Cost Management 429s (injected so tests do not sleep). */
  sleep?: (ms: number) => Promise<void>;
  /** Keeps Cost Management answers between runs (the lead backs it with the state store). */
  costCache?: CostCache;
  /** Test seam: a fake HttpClient answering canned Azure JSON (unit tests); unset in real and simulator runs. */
  httpClient?: HttpClient;
  /** Test seam for list prices; defaults to the static table data/prices/azure-ml.json. */
  prices?: AzurePriceLookup;
}

/** The Azure reader: a CloudReader plus the month-end forecast and every call it made (per operation). */
export interface AzureReader extends CloudReader {
  forecast(month: TimeWindow, scopes: readonly ForecastScope[]): Promise<MonthForecast[]>;
  /** API calls made so far by this reader, by `<Service>.<operationId>` (e.g. CostManagement.Query_Usage). */
  calls(): Record<string, number>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * The Azure Machine Learning CloudReader. Inventory and utilisation run per subscription (`inventory:<sub>`,
 * `utilization:<sub>`), billed cost and the forecast from Cost Management (`costs`, `forecast`), list prices from a
 * static table (`prices`). One subscription, workspace or list failing never hides the others; nothing throws for a
 * cloud failure, and a resource whose parts could not be read is left out rather than shown empty (= cheap).
 */
export function createAzureReader(deps: AzureReaderDeps): AzureReader {
  const cfg = deps.config.clouds.azure;
  const statuses = new Map<string, ProviderStatus>();
  const total = new CallCounter();
  const record = (s: ProviderStatus): void => {
    statuses.set(s.component, s);
  };
  const price: AzurePriceLookup = deps.prices ?? ((size, region) => azureListPrice(size, region));
  const sleep = deps.sleep ?? realSleep;
  let knownRefs: ResourceRef[] = [];
  /** The inventory being read, if any: cost rows are matched to resources once it is done. */
  let inventoryRun: Promise<unknown> | undefined;
  const refsWhenReady = async (): Promise<readonly ResourceRef[]> => {
    await inventoryRun?.catch(() => undefined);
    return knownRefs;
  };
  const disabled = (component: string): boolean => {
    if (cfg.enabled) return false;
    record({ cloud: 'azure', component, state: 'disabled', message: 'clouds.azure.enabled is false.' });
    return true;
  };
  /** A counter per component run, folded into the reader-wide total when the component finishes. */
  function factory(counter: CallCounter): ClientFactoryOptions {
    return { credential: deps.credential, config: cfg, counter, ...(deps.httpClient ? { httpClient: deps.httpClient } : {}) };
  }
  function finish(component: string, counter: CallCounter, failures: Failure[], notes: string[] = []): void {
    const calls = counter.snapshot();
    for (const [op, n] of Object.entries(calls)) total.add(op, n);
    record(statusOf(component, failures, calls, notes));
  }
  const subscriptionsOf = (): string[] => [...new Set([...cfg.subscriptions, ...cfg.workspaces.flatMap((w) => (w.subscription ? [w.subscription] : []))])];

  async function readSubscription(subscription: string): Promise<WorkspaceListing[]> {
    const counter = new CallCounter();
    const client = mlClient(factory(counter), subscription);
    const failures: ListFailure[] = [];
    const denials = new Denials();
    const subCfg = { ...cfg, subscriptions: [subscription], workspaces: cfg.workspaces.filter((w) => (w.subscription ?? cfg.subscriptions[0]) === subscription) };
    const workspaces = await workspacesOf(() => client, subCfg, failures);
    const listings = await mapLimit(workspaces, cfg.maxConcurrency, (ws) => listWorkspace(client, ws, cfg.maxConcurrency, denials, failures));
    const failedDeployments = listings.flatMap((l) => l.endpoints.flatMap((e) => e.deployments)).filter((d) => d.properties.provisioningState === 'Failed');
    if (failedDeployments.length > 0) {
      const read = await readDeploymentErrors(monitorClient(factory(counter), subscription), failedDeployments, deps.now(), cfg.maxConcurrency, subscription);
      for (const l of listings) l.deploymentErrors = read.errors;
      // Only the reasons are missing, the inventory is whole: a denied Activity Log (a role without
      // Microsoft.Insights/eventtypes/values/read) is missing data, not a failed inventory.
      for (const err of read.failures) {
        failures.push({ what: `subscription ${subscription} (Activity Log of Failed deployments)`, part: 'failure reasons', err: err.state === 'auth-failed' ? { ...err, state: 'missing-data' } : err });
      }
    }
    const missing = [...new Set(failures.map((f) => f.part))];
    finish(`inventory:${subscription}`, counter, failures, missing.length ? [`Missing from this run: ${missing.join(', ')} of the workspaces named above.`] : []);
    return listings;
  }

  function toInventory(listings: readonly WorkspaceListing[]): Inventory {
    const inv = emptyInventory();
    const now = deps.now();
    const unpriced = new Set<string>();
    const { trainingHistorySince: since } = historySince(deps.config, now);
    const priceNoting: AzurePriceLookup = (size, region) => {
      const p = price(size, region);
      if (!p && !size.startsWith('kubernetes:') && size !== 'unknown') unpriced.add(size);
      return p;
    };
    for (const l of listings) {
      // A workspace configured by name has no location until something is listed: take the first resource's.
      const location = l.workspace.location ?? l.endpoints[0]?.endpoint.location ?? l.computes.find((c) => c.location)?.location;
      const ws = location ? { ...l.workspace, location } : l.workspace;
      for (const e of l.endpoints) inv.endpoints.push(toEndpoint(e.endpoint, e.deployments, ws, priceNoting, now, l.deploymentErrors));
      for (const c of l.computes) if (isComputeInstance(c)) inv.notebooks.push(toNotebook(c, ws, priceNoting, now));
      const sizes = computeVmSizes(l.computes);
      for (const j of l.jobs) if (isRunningJob(j)) inv.trainingJobs.push(toTrainingJob(j, ws, sizes, priceNoting, now));
      if (since) inv.trainingHistory.push(...l.jobs.flatMap((j) => toTrainingRun(j, ws, since) ?? []));
    }
    const table = AZURE_PRICE_TABLE;
    record({
      cloud: 'azure',
      component: 'prices',
      state: 'ok',
      message: [
        `List prices from the static table data/prices/azure-ml.json (${table.asOf}${table.verified === false ? ', figures unverified' : ''}).`,
        ...(unpriced.size ? [`No list price for ${[...unpriced].sort().join(', ')}: their cost estimates say unknown unless Cost Management billed them.`] : []),
      ].join(' '),
    });
    return inv;
  }

  function costOptions(counter: CallCounter): CostQueryOptions {
    const cm = cfg.costManagement;
    return {
      client: costManagementClient(factory(counter)),
      sleep,
      now: deps.now,
      ...(deps.costCache ? { cache: deps.costCache } : {}),
      cacheHours: cm.cacheHours,
      maxRetries: cm.maxRetries,
      maxWaitSeconds: cm.maxWaitSeconds,
    };
  }

  async function readInventory(scope: ReadScope): Promise<Inventory> {
    const listings = (await mapLimit(subscriptionsOf(), cfg.maxConcurrency, readSubscription)).flat();
    const inv = toInventory(listings);
    // Region scoping after listing: ARM lists per workspace, not per region.
    const regions = scope.regions?.map((r) => r.toLowerCase());
    const keep = <T extends { ref: ResourceRef }>(xs: T[]) => (regions ? xs.filter((x) => regions.includes(x.ref.region.toLowerCase())) : xs);
    const scoped = { endpoints: keep(inv.endpoints), notebooks: keep(inv.notebooks), trainingJobs: keep(inv.trainingJobs), trainingHistory: keep(inv.trainingHistory) };
    knownRefs = [...scoped.endpoints, ...scoped.notebooks, ...scoped.trainingJobs].map((x) => x.ref);
    return scoped;
  }

  return {
    cloud: 'azure',

    inventory(scope: ReadScope): Promise<Inventory> {
      if (disabled('inventory')) return Promise.resolve(emptyInventory());
      const run = readInventory(scope);
      inventoryRun = run;
      return run;
    },

    async utilization(endpoints: readonly Endpoint[], request: UtilizationRequest): Promise<UtilizationSeries[]> {
      if (disabled('utilization')) return [];
      const bySub = new Map<string, Endpoint[]>();
      for (const e of endpoints) {
        if (e.ref.cloud !== 'azure' || e.variants.length === 0) continue;
        bySub.set(e.ref.account, [...(bySub.get(e.ref.account) ?? []), e]);
      }
      const parts = await mapLimit([...bySub], cfg.maxConcurrency, async ([subscription, eps]) => {
        const counter = new CallCounter();
        const client = monitorClient(factory(counter), subscription);
        const plans = eps.map((e) => planEndpoint(e, request.window, request.detailWindow ?? request.window, request.gpu));
        const calls = [...distinctCalls(plans).values()];
        const answers = new Map<string, Awaited<ReturnType<typeof client.metrics.list>>>();
        const failures: Failure[] = [];
        let denied: AzureApiError | undefined;
        await mapLimit(calls, cfg.maxConcurrency, async (c) => {
          if (denied) return; // one denial per subscription is enough to know; the rest would be denied too
          try {
            answers.set(callKey(c), await client.metrics.list(c.resourceUri, listOptions(c)));
          } catch (err) {
            const e = classifyAzureError(err, 'Monitor.Metrics_List', subscription);
            if (e.state === 'auth-failed') denied = e;
            failures.push({ what: `metrics of ${c.resourceUri.split('/').slice(-3).join('/')}`, err: e });
          }
        });
        const notes = failures.length ? ['Series of the resources named are missing from this run (unknown, not idle).'] : [];
        finish(`utilization:${subscription}`, counter, failures, notes);
        return plans.flatMap((p) => toSeries(p, answers));
      });
      return parts.flat();
    },

    async costs(window: TimeWindow): Promise<CostLine[]> {
      if (disabled('costs')) return [];
      if (!cfg.costManagement.enabled) {
        record({ cloud: 'azure', component: 'costs', state: 'disabled', message: 'clouds.azure.costManagement.enabled is false: no billed cost is read (list prices only).' });
        return [];
      }
      const counter = new CallCounter();
      const o = costOptions(counter);
      const failures: Failure[] = [];
      let queried = 0;
      let cached = 0;
      const lines: CostLine[] = [];
      // One subscription at a time: Cost Management limits queries per tenant as well as per scope.
      for (const subscription of subscriptionsOf()) {
        try {
          const r = await subscriptionCosts(o, subscription, window, {
            lookbackDays: cfg.costManagement.lookbackDays,
            ownerTag: deps.config.ownerTag,
            refs: refsWhenReady,
            commitments: deps.config.detectors['lock-in-risk'].enabled,
          });
          lines.push(...r.lines);
          queried += r.queried;
          cached += r.cached;
        } catch (err) {
          failures.push({ what: `subscription ${subscription}`, err: classifyAzureError(err, 'CostManagement.Query_Usage', subscription) });
        }
      }
      const notes = [`${queried} Cost Management queries asked, ${cached} answered from the cache (${cfg.costManagement.cacheHours} h).`];
      if (failures.length) notes.push('Billed cost of the subscriptions named is missing: their estimates fall back to list prices.');
      finish('costs', counter, failures, notes);
      return lines;
    },

    async forecast(month: TimeWindow, scopes: readonly ForecastScope[]): Promise<MonthForecast[]> {
      if (disabled('forecast')) return [];
      if (!cfg.costManagement.enabled) {
        record({ cloud: 'azure', component: 'forecast', state: 'disabled', message: 'clouds.azure.costManagement.enabled is false: budgets use the run rate.' });
        return [];
      }
      const counter = new CallCounter();
      const o = costOptions(counter);
      const failures: Failure[] = [];
      const notes: string[] = [];
      // Cost Management forecasts one scope per call: one call per subscription and service filter asked for. A scope
      // without an account means every subscription read; the budget sums them only if every one answered.
      const known = subscriptionsOf();
      const wanted = new Map<string, { subscription: string; service?: string }>();
      for (const s of scopes) {
        if (s.account && !known.some((k) => k.toLowerCase() === s.account!.toLowerCase())) {
          notes.push(`Subscription ${s.account} is not in clouds.azure.subscriptions: no forecast read for it.`);
          continue;
        }
        for (const subscription of s.account ? known.filter((k) => k.toLowerCase() === s.account!.toLowerCase()) : known) {
          wanted.set(`${subscription}|${s.service ?? ''}`, { subscription, ...(s.service ? { service: s.service } : {}) });
        }
      }
      const found: MonthForecast[] = [];
      // One at a time, like the cost queries: Cost Management limits queries per tenant as well as per scope.
      for (const w of wanted.values()) {
        try {
          const f = await subscriptionForecast(o, w.subscription, month, w.service);
          if (f) found.push(f);
          else notes.push(`The forecast of subscription ${w.subscription} had no cost column or mixed currencies: left out.`);
        } catch (err) {
          failures.push({ what: `subscription ${w.subscription}${w.service ? ` (${w.service})` : ''}`, err: classifyAzureError(err, 'CostManagement.Forecast_Usage', w.subscription) });
        }
      }
      if (failures.length) notes.push('Budgets over the subscriptions named use the run rate instead.');
      finish('forecast', counter, failures, notes);
      return found;
    },

    status(): ProviderStatus[] {
      return [...statuses.values()].sort((a, b) => a.component.localeCompare(b.component));
    },

    calls: () => total.snapshot(),
  };
}
