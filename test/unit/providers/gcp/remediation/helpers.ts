import type { ResourceKind, ResourceRef } from '../../../../../src/domain/cloud';
import type { ParkAction } from '../../../../../src/domain/finding';
import type { RestoreToken } from '../../../../../src/domain/remediation';
import type { CloudRemediator } from '../../../../../src/providers/types';
import { createGcpRemediator } from '../../../../../src/providers/gcp/remediation';
import type { FakeGoogle } from './fake-google';

export const ENDPOINT = 'projects/123456789012/locations/us-central1/endpoints/4000000000000000001';
export const INSTANCE = 'projects/my-ml-project/locations/us-central1-a/instances/alice-gpu-box';
export const JOB = 'projects/123456789012/locations/us-central1/customJobs/555000111';

export function ref(kind: ResourceKind, id: string, name = id.split('/').pop()!): ResourceRef {
  return { cloud: 'gcp', account: 'my-ml-project', region: kind === 'notebook' ? 'us-central1-a' : 'us-central1', kind, name, id };
}

export function remediator(fake: FakeGoogle, opts: { preview?: boolean; timeoutMinutes?: number; sleep?: (ms: number) => Promise<void> } = {}): CloudRemediator {
  return createGcpRemediator({
    http: fake.http(),
    config: { scaleToZeroPreview: opts.preview ?? false, operationTimeoutMinutes: opts.timeoutMinutes ?? 45 },
    now: fake.now,
    sleep: opts.sleep ?? fake.sleep,
    pollMs: 15_000,
  });
}

export function token(r: ResourceRef, action: ParkAction, prior: Record<string, unknown>, stepsDone: string[] = [], extra: Partial<RestoreToken> = {}): RestoreToken {
  return {
    tokenId: 't-1',
    planId: 'p-1',
    ref: r,
    action,
    prior: JSON.parse(JSON.stringify(prior)) as Record<string, unknown>,
    approval: { by: 'cli', principal: 'alice', at: new Date(0) },
    state: 'parking',
    stepsDone,
    createdAt: new Date(0),
    hourlySaving: { amount: 1, currency: 'USD' },
    basis: 'list-price',
    ...extra,
  } as RestoreToken;
}

export class Crash extends Error {}

/**
 * Runs one phase to the end like the ledger does: steps recorded via onStep are skipped next time. The process
 * "crashes" once, after the `crashAfterStep`-th step ran but BEFORE the ledger recorded it (the harder case: the
 * step runs twice), then runs again until done.
 */
export async function converge(
  run: (done: string[], onStep: (s: string) => Promise<void>) => Promise<unknown>,
  crashAfterStep?: number,
  alreadyDone: string[] = [],
): Promise<{ done: string[]; crashed: boolean }> {
  const done: string[] = [...alreadyDone];
  let count = 0;
  let crashed = false;
  for (let attempt = 0; attempt < 4; attempt++) {
    try {
      await run([...done], async (s) => {
        count += 1;
        if (!crashed && count === crashAfterStep) {
          crashed = true;
          throw new Crash(`crash after ${s}`);
        }
        done.push(s);
      });
      return { done, crashed };
    } catch (err) {
      if (!(err instanceof Crash)) throw err;
    }
  }
  throw new Error('did not converge');
}

/** A sleep that crashes the process on its n-th call (in the middle of a step, e.g. while awaiting an operation). */
export function crashingSleep(fake: FakeGoogle, n: number): { sleep: (ms: number) => Promise<void>; crashed: () => boolean } {
  let calls = 0;
  let crashed = false;
  return {
    sleep: async (ms) => {
      calls += 1;
      if (calls === n && !crashed) {
        crashed = true;
        throw new Crash(`crash in sleep #${n}`);
      }
      await fake.sleep(ms);
    },
    crashed: () => crashed,
  };
}

/** The endpoint's models as a person would compare them: spec fields only. */
export function modelSpecs(e: Record<string, any> | undefined): Record<string, unknown>[] {
  return ((e?.deployedModels ?? []) as Record<string, unknown>[])
    .map(({ readyAt: _r, createTime: _c, status: _s, ...m }) => m)
    .sort((a, b) => String(a.id).localeCompare(String(b.id)));
}
