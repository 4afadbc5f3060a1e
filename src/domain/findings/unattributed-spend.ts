import type { ResourceKind } from '../cloud';

/** A resource of the account that carries no owner tag. */
export interface UntaggedResource {
  kind: ResourceKind;
  name: string;
  region: string;
  /** Provider status word (InService, Running ...). */
  providerStatus: string;
}

export interface UnattributedSpendEvidence {
  tagKey: string;
  /** Where the spend figures come from: the billed owner breakdown, or running resources at list price when the cloud read none. */
  source: 'billed-owner-breakdown' | 'untagged-resources';
  /** ML platform spend without the tag, and all ML platform spend, over `period` (complete UTC days). */
  untaggedSpend: number;
  totalSpend: number;
  /** untagged / total in percent; undefined without billed spend. */
  sharePct?: number;
  period?: [string, string];
  days: number;
  currency: string;
  /** Untagged resources found in inventory (at most maxResourcesListed) and how many there are in all. */
  resources: UntaggedResource[];
  resourceCount: number;
  /**
   * True when billed spend is untagged but every ML resource in inventory is tagged: the tag is probably not activated
   * as a cost allocation tag (AWS), or the spend came from resources already deleted.
   */
  tagNotInBilling: boolean;
}
