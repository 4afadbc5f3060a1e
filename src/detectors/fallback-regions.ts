import type { Cloud } from '../domain/cloud';
import type { InstanceSpec } from '../domain/resources';
import { sagemakerPricedRegions } from '../providers/aws/price-table';
import { azurePricedRegions } from '../providers/azure/price-table';
import { gcpPricedRegions } from '../providers/gcp/price-table';

/** The geography of a region name on any cloud: "us", "eu"/"europe", "ap"/"asia" ... (the part before the first hyphen or digit). */
const geography = (region: string): string => region.toLowerCase().match(/^[a-z]+/)?.[0]?.replace(/^(europe|west|north)$/, 'eu') ?? region;

/**
 * Other regions where the same instance type (Google: the same machine family and accelerator) is offered, as far as
 * our dated price tables know (docs/pricing.md): same geography first (latency and data residency), then the rest.
 * The tables cover the regions we price, not every region the cloud offers, so an empty list means "none known".
 */
export function fallbackRegions(cloud: Cloud, instance: InstanceSpec, region: string, acceleratorType?: string): string[] {
  const all =
    cloud === 'aws'
      ? sagemakerPricedRegions(instance.instanceType)
      : cloud === 'gcp'
        ? gcpPricedRegions(instance.instanceType, acceleratorType)
        : azurePricedRegions(instance.instanceType);
  const here = geography(region);
  return all
    .filter((r) => r !== region)
    .sort((a, b) => Number(geography(b) === here) - Number(geography(a) === here) || a.localeCompare(b));
}
