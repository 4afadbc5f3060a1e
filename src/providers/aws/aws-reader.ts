import type { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import type { WatchdogConfig } from '../../config/schema';
import type { CostLine, MonthForecast } from '../../domain/cost';
import type { NativeCostAnomaly } from '../../domain/native-cost-anomaly';
import type { Endpoint } from '../../domain/resources';
import { emptyInventory, type Inventory } from '../../domain/snapshot';
import type { ProviderStatus } from '../../domain/status';
import type { TimeWindow, UtilizationSeries } from '../../domain/utilization';
import type { CloudReader, ForecastScope, ReadScope, UtilizationRequest } from '../types';
import { AwsCallLog } from './call-log';
import type { AwsRegionClients } from './clients';
import { readUtilization } from './cloudwatch';
import { ANOMALY_LOOKBACK_DAYS, readAnomalies } from './cost-anomalies';
import type { CostCache } from './cost-cache';
import { readCosts } from './cost-explorer';
import { PREDICTION_INTERVAL_LEVEL, readForecasts } from './cost-forecast';
import { AwsProviderError } from './errors';
import { FailureLog, toProviderStatus } from './provider-status';
import { readRegionInventory } from './sagemaker';
import { historySince } from '../training-history-window';

export interface AwsReaderDeps {
  config: WatchdogConfig;
  /** Regional clients; called once per region per reader (memoised here). */
  clientsFor(region: string): AwsRegionClients;
  /** Must be a us-east-1 client (see createCostExplorerClient). */
  costExplorer: CostExplorerClient;
  costCache: CostCache;
  now: () => Date;
}

/** A bug of ours (not an AWS failure) still becomes a status instead of escaping the reader. */
function unexpected(operation: 'SageMaker.Inventory' | 'CloudWatch.Utilization' | 'CostExplorer.Costs' | 'CostExplorer.Anomalies' | 'CostExplorer.Forecast', err: unknown): AwsProviderError {
  return new AwsProviderError({
    code: 'InternalError',
    state: 'error',
    operation,
    message: `ml-watchdog failed while reading ${operation}: ${err instanceof Error ? err.message : String(err)}. Please report this with the log.`,
    cause: err,
  });
}

/**
 * The AWS SageMaker AI CloudReader. Inventory and utilisation run per region in parallel, each region with its
 * own status (`inventory:us-east-1`, `utilization:us-east-1`); costs come from Cost Explorer (status `costs`).
 * Nothing here throws for a cloud failure: what could be read is returned and the failure is a status.
 */
export function createAwsReader(deps: AwsReaderDeps): CloudReader {
  const aws = deps.config.clouds.aws;
  const statuses = new Map<string, ProviderStatus>();
  const clients = new Map<string, AwsRegionClients>();
  const clientsFor = (region: string): AwsRegionClients => {
    let c = clients.get(region);
    if (!c) clients.set(region, (c = deps.clientsFor(region)));
    return c;
  };
  const record = (s: ProviderStatus): void => void statuses.set(s.component, s);
  const disabled = (component: string): boolean => {
    if (aws.enabled) return false;
    record({ cloud: 'aws', component, state: 'disabled', message: 'clouds.aws.enabled is false.' });
    return true;
  };

  async function inventoryOf(region: string): Promise<Inventory> {
    const log = new AwsCallLog();
    const component = `inventory:${region}`;
    try {
      const r = await readRegionInventory({
        clients: clientsFor(region),
        log,
        maxConcurrency: aws.maxConcurrency,
        // DescribeModel is only worth its calls when the lock-in score will read the answer.
        describeModels: deps.config.detectors['lock-in-risk'].enabled,
        ...historySince(deps.config, deps.now()),
      });
      record(toProviderStatus(component, r.failures, log.calls()));
      return r.inventory;
    } catch (err) {
      const failures = new FailureLog();
      failures.add('inventory', unexpected('SageMaker.Inventory', err));
      record(toProviderStatus(component, failures, log.calls()));
      return emptyInventory();
    }
  }

  async function utilizationOf(region: string, endpoints: Endpoint[], request: UtilizationRequest): Promise<UtilizationSeries[]> {
    const log = new AwsCallLog();
    const component = `utilization:${region}`;
    try {
      const r = await readUtilization({
        cloudwatch: clientsFor(region).cloudwatch,
        log,
        endpoints,
        window: request.window,
        ...(request.detailWindow ? { detailWindow: request.detailWindow } : {}),
        ...(request.gpu ? { gpu: request.gpu } : {}),
        now: deps.now(),
      });
      record(toProviderStatus(component, r.failures, log.calls(), log.units()));
      return r.series;
    } catch (err) {
      const failures = new FailureLog();
      failures.add('metrics', unexpected('CloudWatch.Utilization', err));
      record(toProviderStatus(component, failures, log.calls(), log.units()));
      return [];
    }
  }

  return {
    cloud: 'aws',

    async inventory(scope: ReadScope): Promise<Inventory> {
      if (disabled('inventory')) return emptyInventory();
      const regions = [...new Set(scope.regions ?? aws.regions)];
      const parts = await Promise.all(regions.map(inventoryOf));
      return {
        endpoints: parts.flatMap((p) => p.endpoints),
        notebooks: parts.flatMap((p) => p.notebooks),
        trainingJobs: parts.flatMap((p) => p.trainingJobs),
        trainingHistory: parts.flatMap((p) => p.trainingHistory),
      };
    },

    async utilization(endpoints: readonly Endpoint[], request: UtilizationRequest): Promise<UtilizationSeries[]> {
      if (disabled('utilization')) return [];
      const byRegion = new Map<string, Endpoint[]>();
      for (const e of endpoints) {
        if (e.ref.cloud !== 'aws') continue;
        const list = byRegion.get(e.ref.region) ?? [];
        list.push(e);
        byRegion.set(e.ref.region, list);
      }
      const parts = await Promise.all([...byRegion].map(([region, list]) => utilizationOf(region, list, request)));
      return parts.flat();
    },

    async costs(window: TimeWindow): Promise<CostLine[]> {
      if (disabled('costs')) return [];
      if (!aws.costExplorer.enabled) {
        record({ cloud: 'aws', component: 'costs', state: 'disabled', message: 'clouds.aws.costExplorer.enabled is false: no billed cost is read.' });
        return [];
      }
      const log = new AwsCallLog();
      try {
        const r = await readCosts({
          ce: deps.costExplorer,
          cache: deps.costCache,
          cacheHours: aws.costExplorer.cacheHours,
          log,
          window,
          now: deps.now(),
          ownerTag: deps.config.ownerTag,
        });
        if (r.cacheHits > 0) r.failures.note(`${r.cacheHits} Cost Explorer ${r.cacheHits === 1 ? 'query was' : 'queries were'} answered from the cache.`);
        record(toProviderStatus('costs', r.failures, log.calls()));
        return r.lines;
      } catch (err) {
        const failures = new FailureLog();
        failures.add('costs', unexpected('CostExplorer.Costs', err));
        record(toProviderStatus('costs', failures, log.calls()));
        return [];
      }
    },

    async anomalies(_window: TimeWindow): Promise<NativeCostAnomaly[]> {
      if (disabled('anomalies')) return [];
      if (!aws.costExplorer.enabled || !aws.costExplorer.anomalies) {
        const why = aws.costExplorer.enabled ? 'clouds.aws.costExplorer.anomalies is false' : 'clouds.aws.costExplorer.enabled is false';
        record({ cloud: 'aws', component: 'anomalies', state: 'disabled', message: `${why}: AWS Cost Anomaly Detection is not read.` });
        return [];
      }
      const log = new AwsCallLog();
      try {
        const r = await readAnomalies({ ce: deps.costExplorer, cache: deps.costCache, cacheHours: aws.costExplorer.cacheHours, log, now: deps.now() });
        if (!r.failures.has('anomalies')) {
          // No anomaly is the usual answer, and also what an account without an anomaly monitor answers: not a failure.
          r.failures.note(
            r.anomalies.length === 0
              ? `AWS Cost Anomaly Detection reported no anomaly in the last ${ANOMALY_LOOKBACK_DAYS} days (an account without an anomaly monitor never reports one).`
              : `${r.anomalies.length} anomal${r.anomalies.length === 1 ? 'y' : 'ies'} from AWS Cost Anomaly Detection in the last ${ANOMALY_LOOKBACK_DAYS} days${r.fromCache ? ' (from the cache)' : ''}.`,
          );
        }
        record(toProviderStatus('anomalies', r.failures, log.calls()));
        return r.anomalies;
      } catch (err) {
        const failures = new FailureLog();
        failures.add('anomalies', unexpected('CostExplorer.Anomalies', err));
        record(toProviderStatus('anomalies', failures, log.calls()));
        return [];
      }
    },

    async forecast(month: TimeWindow, scopes: readonly ForecastScope[]): Promise<MonthForecast[]> {
      if (disabled('forecast')) return [];
      if (!aws.costExplorer.enabled) {
        record({ cloud: 'aws', component: 'forecast', state: 'disabled', message: 'clouds.aws.costExplorer.enabled is false: budgets use the run rate.' });
        return [];
      }
      const log = new AwsCallLog();
      try {
        const r = await readForecasts({ ce: deps.costExplorer, cache: deps.costCache, cacheHours: aws.costExplorer.cacheHours, log, month, scopes, now: deps.now() });
        if (r.cacheHits > 0) r.failures.note(`${r.cacheHits} GetCostForecast ${r.cacheHits === 1 ? 'answer' : 'answers'} from the cache.`);
        if (r.failures.failures().length > 0) r.failures.note('Budgets without a Cost Explorer forecast use the run rate instead.');
        else r.failures.note(`${r.forecasts.length} month-end forecast(s), ${PREDICTION_INTERVAL_LEVEL} % prediction interval.`);
        record(toProviderStatus('forecast', r.failures, log.calls()));
        return r.forecasts;
      } catch (err) {
        const failures = new FailureLog();
        failures.add('forecast', unexpected('CostExplorer.Forecast', err));
        record(toProviderStatus('forecast', failures, log.calls()));
        return [];
      }
    },

    status(): ProviderStatus[] {
      return [...statuses.values()];
    },
  };
}
