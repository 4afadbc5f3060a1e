import type { z } from 'zod';
import { cloudOfAccount, type budgetSchema } from '../config/budget-overrun-schema';
import { CLOUDS, type Cloud } from '../domain/cloud';
import type { CostLine } from '../domain/cost';
import { isPlatformService, ML_PLATFORM_SERVICES, ownerLines, totalLines } from './spend';

export type Budget = z.output<typeof budgetSchema>;

/** The clouds a budget can count: its cloud, the cloud its account id belongs to, or all three. */
export function budgetClouds(b: Budget): readonly Cloud[] {
  return b.cloud ? [b.cloud] : b.account ? [cloudOfAccount(b.account)] : CLOUDS;
}

/** Account ids compare case-insensitively: Azure's GUIDs come back in either case. */
export const sameAccount = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b.toLowerCase();

/**
 * The lines a budget counts (any currency; the caller splits them), from the breakdown that fits its scope: an owner
 * scope needs the owner breakdown (AWS: SageMaker only; Azure: every service; Google: the export rows' labels), any
 * other scope the total breakdown, which counts each dollar once (spend.ts: never sum across breakdowns).
 */
export function scopeLines(costs: readonly CostLine[], b: Budget, ownerTag: string): CostLine[] {
  const clouds = budgetClouds(b);
  const lines = b.owner ? clouds.flatMap((c) => ownerLines(costs, c).filter((l) => l.Tags?.[ownerTag] === b.owner)) : totalLines(costs).filter((l) => clouds.includes(l.cloud));
  return lines.filter((l) => (!b.account || sameAccount(l.SubAccountId, b.account)) && (b.services === 'all' || isPlatformService(l)));
}

/** "ML platform spend, owner team-nlp, every cloud". */
export function describeScope(b: Budget): string {
  const what = b.services === 'all' ? 'all services' : 'ML platform spend';
  const parts = [b.owner ? `owner ${b.owner}` : undefined, b.account ? `account ${b.account}` : undefined, b.cloud ?? (b.account ? undefined : 'every cloud')].filter(Boolean);
  return `${what}, ${parts.join(', ')}`;
}

/** The billing service a cloud forecast must be limited to for this budget; undefined: every service. */
export function forecastService(b: Budget, cloud: Cloud): string | undefined {
  return b.services === 'ml-platform' ? ML_PLATFORM_SERVICES[cloud][0] : undefined;
}

/** What a reader should know about the figures' coverage. */
export function scopeNotes(b: Budget, clouds: readonly Cloud[]): string[] {
  const notes: string[] = [];
  if (b.owner && b.services === 'all' && clouds.includes('aws')) {
    notes.push('AWS owner spend counts SageMaker only: Cost Explorer splits the owner tag in a query limited to SageMaker.');
  }
  return notes;
}
