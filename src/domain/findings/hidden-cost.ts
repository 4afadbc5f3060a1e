/** The services around an ML platform where cost hides (src/detectors/spend.ts adjacentCategory). */
export type AdjacentCategory = 'data-transfer' | 'network' | 'storage' | 'logging' | 'monitoring' | 'registry';

/** Why a category is reported: it outgrows the platform, or it is a large share of it (or both). */
export type HiddenCostRule = 'outgrows-platform' | 'large-share';

export interface HiddenCostPart {
  /** Service name, or a billed resource id. */
  name: string;
  last7Days: number;
  previous7Days: number;
}

export interface HiddenCostEvidence {
  category: AdjacentCategory;
  rules: HiddenCostRule[];
  /** Billed spend of the category over the last 7 complete days and the 7 before. */
  last7Days: number;
  previous7Days: number;
  /** Growth in percent; undefined when the previous week had no spend (new spend). */
  growthPct?: number;
  platformLast7Days: number;
  platformPrevious7Days: number;
  platformGrowthPct?: number;
  /** Category spend as a percent of the platform's over the last 7 days. */
  sharePct: number;
  /** The complete days compared: [first, last] of the last 7, and of the 7 before. */
  period: { last: [string, string]; previous: [string, string] };
  currency: string;
  /** Services of the category, then its biggest billed resources, largest first. */
  services: HiddenCostPart[];
  resources: HiddenCostPart[];
}
