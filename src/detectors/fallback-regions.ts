import type { Cloud } from '../domain/cloud';
import type { InstanceSpec } from '../domain/resources';
import { sagemakerPricedRegions } from '../providers/aws/price-table';
import { azurePricedRegions } from '../providers/azure/price-table';
import { gcpPricedRegions } from '../providers/gcp/price-table';

/**
 * The geography of a region on any cloud, for "nearest first": the same geography keeps data residency (GDPR,
 * national rules) and latency close to what the workload has. AWS and Google spell it as a prefix (us-east-1,
 * eu-west-1, ap-south-1; us-central1, europe-west4, asia-east1, northamerica-northeast1), Azure inside the name
 * (eastus2, westeurope, uksouth, japaneast ...).
 */
export function geography(region: string): string {
  const r = region.toLowerCase();
  const azure: [RegExp, string][] = [
    [/^(east|west|central|northcentral|southcentral|westcentral)us\d*$/, 'us'],
    [/canada/, 'ca'],
    [/brazil|mexico|chile/, 'sa'],
    [/europe|^uk|france|germany|switzerland|norway|sweden|poland|italy|spain|austria|belgium|denmark|finland/, 'eu'],
    [/asia|japan|korea|india|australia|singapore|indonesia|malaysia|newzealand|taiwan/, 'ap'],
    [/uae|qatar|israel|saudi/, 'me'],
    [/southafrica/, 'af'],
  ];
  const prefix = r.match(/^[a-z]+/)?.[0] ?? r;
  const named: Record<string, string> = { us: 'us', northamerica: 'ca', ca: 'ca', southamerica: 'sa', sa: 'sa', eu: 'eu', europe: 'eu', ap: 'ap', asia: 'ap', australia: 'ap', me: 'me', il: 'me', af: 'af', africa: 'af' };
  if (r.includes('-')) return named[prefix] ?? prefix;
  return azure.find(([re]) => re.test(r))?.[1] ?? prefix;
}

/**
 * Other regions where the same instance type (Google: the same machine family and accelerator) is offered:
 * - the source of the resource's own list price, when it says where it sells the machine (Google's Cloud Billing
 *   Catalog, `InstancePrice.offeredIn`);
 * - else our dated price tables (docs/pricing.md): regions that price the type. SageMaker: regions pricing it for
 *   hosting first, then regions pricing the same ml.* type for training or notebooks (the same hardware is there).
 * Same geography first, then the rest, each alphabetically. The tables cover the regions we price, not every region
 * the cloud offers, so an empty list means "none known", never "none exists".
 */
export function fallbackRegions(cloud: Cloud, instance: InstanceSpec, region: string, acceleratorType?: string): string[] {
  const catalog = instance.listPrice?.offeredIn;
  const all = catalog?.length
    ? catalog
    : cloud === 'aws'
      ? [...new Set([...sagemakerPricedRegions(instance.instanceType), ...sagemakerPricedRegions(instance.instanceType, 'training'), ...sagemakerPricedRegions(instance.instanceType, 'notebook')])]
      : cloud === 'gcp'
        ? gcpPricedRegions(instance.instanceType, acceleratorType)
        : azurePricedRegions(instance.instanceType);
  const here = geography(region);
  const hosting = cloud === 'aws' && !catalog?.length ? new Set(sagemakerPricedRegions(instance.instanceType)) : undefined;
  const rank = (r: string) => (geography(r) === here ? 0 : 2) + (hosting && !hosting.has(r) ? 1 : 0);
  return [...new Set(all)].filter((r) => r !== region).sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
