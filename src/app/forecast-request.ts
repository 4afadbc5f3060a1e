import { cloudOfAccount } from '../config/budget-overrun-schema';
import type { WatchdogConfig } from '../config/schema';
import type { CollectRequest } from '../collect/collect-snapshot';
import { CLOUDS, type Cloud } from '../domain/cloud';
import { ML_PLATFORM_SERVICES } from '../detectors/spend';
import type { ForecastScope } from '../providers/types';

/** Clouds whose billing API forecasts: Google has none (its Budgets API only alerts on its own forecast). */
const FORECASTING_CLOUDS: readonly Cloud[] = ['aws', 'azure'];

/**
 * The cloud forecasts the configured budgets can use, per cloud, or undefined when none is needed: no budget, the
 * detector or `cloudForecast` off. Each budget without an owner asks its cloud(s) for its account (or every account)
 * and its services (the ML platform's only, or all). Owner budgets use the run rate: a forecast split by owner would
 * be one more $0.01 request per owner on AWS and is not offered by Azure's forecast grouping.
 */
export function forecastRequest(config: WatchdogConfig, now: Date): CollectRequest['forecast'] {
  const policy = config.detectors['budget-overrun'];
  if (!policy.enabled || !policy.cloudForecast || policy.budgets.length === 0) return undefined;
  const scopes: Partial<Record<Cloud, ForecastScope[]>> = {};
  const seen = new Set<string>();
  for (const b of policy.budgets) {
    if (b.owner) continue;
    // An account names one cloud; asking the others about it would only buy an error.
    const clouds = b.cloud ? [b.cloud] : b.account ? [cloudOfAccount(b.account)] : CLOUDS;
    for (const cloud of clouds) {
      if (!FORECASTING_CLOUDS.includes(cloud) || !config.clouds[cloud].enabled) continue;
      const scope: ForecastScope = { ...(b.account ? { account: b.account } : {}), ...(b.services === 'ml-platform' ? { service: ML_PLATFORM_SERVICES[cloud][0]! } : {}) };
      const key = `${cloud}|${scope.account ?? ''}|${scope.service ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      (scopes[cloud] ??= []).push(scope);
    }
  }
  if (Object.keys(scopes).length === 0) return undefined;
  const month = { start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)), end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)) };
  return { month, scopes };
}
