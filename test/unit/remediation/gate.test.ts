import { describe, expect, it } from 'vitest';
import { decide, type GateInput } from '../../../src/remediation/gate';
import { resolveMode } from '../../../src/remediation/mode';
import { activeQuietWindow } from '../../../src/remediation/quiet-hours';
import { NOW, config, HOUR } from '../../support/builders';
import { deleteSpec, person, plan, stopTrainingSpec } from './plan-fixtures';

const clear = (over: Partial<GateInput> = {}): GateInput => ({
  plan: plan(),
  spec: deleteSpec,
  providerStatus: 'InService',
  parksThisRun: 0,
  invocationsSinceDetection: 0,
  now: NOW,
  ...over,
});
const auto = (extra: object = {}) => config({ remediation: { mode: 'auto', ...extra } });

describe('resolveMode', () => {
  it('uses the global mode, then byKind, then the most restrictive matching tag rule', () => {
    const cfg = config({
      remediation: {
        mode: 'dry-run',
        byKind: { 'idle-gpu': 'auto' },
        rules: [
          { tags: { env: 'prod' }, mode: 'approve' },
          { tags: { env: 'prod', team: '*' }, mode: 'off' },
        ],
      },
    }).remediation;
    expect(resolveMode(cfg, 'idle-gpu', {})).toMatchObject({ mode: 'auto', source: 'remediation.byKind.idle-gpu' });
    expect(resolveMode(cfg, 'idle-gpu', { env: 'prod' }).mode).toBe('approve');
    expect(resolveMode(cfg, 'idle-gpu', { env: 'prod', team: 'nlp' }).mode).toBe('off');
    expect(resolveMode(config().remediation, 'idle-gpu', {})).toMatchObject({ mode: 'dry-run', source: 'remediation.mode' });
  });

  it('never stops a notebook automatically: its idleness is inferred', () => {
    expect(resolveMode(auto().remediation, 'idle-notebook', {})).toMatchObject({ mode: 'approve', source: 'remediation.mode; notebook activity is inferred, so a person approves the stop' });
    expect(resolveMode(config().remediation, 'idle-notebook', {}).mode).toBe('dry-run');
  });

  it('never runs an approval-only action automatically', () => {
    expect(resolveMode(auto().remediation, 'idle-gpu', {}, true).mode).toBe('approve');
  });
});

describe('activeQuietWindow', () => {
  const windows = [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, start: '08:00', end: '19:00' }];
  it('applies local time in the configured zone, including DST', () => {
    // NOW is Friday 2026-11-20 12:00 UTC = 13:00 in Berlin (CET) and 07:00 in New York (EST).
    expect(activeQuietWindow(NOW, 'Europe/Berlin', windows.map((w) => ({ ...w, days: [...w.days] })))).toBeDefined();
    expect(activeQuietWindow(NOW, 'America/New_York', windows.map((w) => ({ ...w, days: [...w.days] })))).toBeUndefined();
    // 17:30 UTC is 18:30 in Berlin in November (CET, inside) but 19:30 in July (CEST, outside).
    expect(activeQuietWindow(new Date('2026-11-20T17:30:00Z'), 'Europe/Berlin', windows.map((w) => ({ ...w, days: [...w.days] })))).toBeDefined();
    expect(activeQuietWindow(new Date('2026-07-03T17:30:00Z'), 'Europe/Berlin', windows.map((w) => ({ ...w, days: [...w.days] })))).toBeUndefined();
  });

  it('spans midnight when the end is before the start, counting from the start day', () => {
    const night = [{ days: ['fri' as const], start: '22:00', end: '06:00' }];
    expect(activeQuietWindow(new Date('2026-11-20T23:00:00Z'), 'UTC', night)).toBeDefined();
    expect(activeQuietWindow(new Date('2026-11-21T05:00:00Z'), 'UTC', night)).toBeDefined(); // Saturday early
    expect(activeQuietWindow(new Date('2026-11-21T23:00:00Z'), 'UTC', night)).toBeUndefined(); // Saturday night
  });
});

describe('the remediation gate', () => {
  it('off and dry-run never act, even on a person’s request', () => {
    expect(decide(plan(), deleteSpec, clear({ approval: person }), config({ remediation: { mode: 'off' } })).outcome).toBe('off');
    const dry = decide(plan(), deleteSpec, clear({ approval: person }), config());
    expect(dry.outcome).toBe('dry-run');
  });

  it('approve acts only with a person’s approval; auto acts on its own', () => {
    const approve = config({ remediation: { mode: 'approve' } });
    expect(decide(plan(), deleteSpec, clear(), approve).outcome).toBe('needs-approval');
    expect(decide(plan(), deleteSpec, clear({ approval: person }), approve)).toMatchObject({ outcome: 'act', approval: person });
    expect(decide(plan(), deleteSpec, clear(), auto())).toMatchObject({ outcome: 'act', approval: { by: 'auto', principal: 'scan' } });
  });

  const blocked = (input: Partial<GateInput>, cfg = auto(), p = plan()) => {
    const d = decide(p, input.spec ?? deleteSpec, clear({ plan: p, ...input }), cfg);
    return d.outcome === 'blocked' ? d.block.guardrail : d.outcome;
  };

  it('refuses excluded and keep-warm resources', () => {
    expect(blocked({}, auto(), plan({ tags: { 'watchdog:ignore': 'true' } }))).toBe('excluded');
    expect(blocked({}, auto(), plan({ tags: { 'watchdog:keep-warm': 'yes' } }))).toBe('keep-warm');
    expect(blocked({}, config({ remediation: { mode: 'auto' }, exclusions: { names: ['aband*'] } }))).toBe('excluded');
  });

  it('refuses a resource in a state the action cannot start from', () => {
    expect(blocked({ providerStatus: 'Updating' })).toBe('origin-state');
  });

  it('refuses resources younger than minResourceAgeHours', () => {
    expect(blocked({}, auto(), plan({ resourceCreatedAt: new Date(NOW.getTime() - 2 * HOUR) }))).toBe('min-age');
    expect(blocked({}, auto({ guardrails: { minResourceAgeHours: 1 } }), plan({ resourceCreatedAt: new Date(NOW.getTime() - 2 * HOUR) }))).toBe('act');
  });

  it('caps parks per run (blast radius) for automatic runs only', () => {
    expect(blocked({ parksThisRun: 3 })).toBe('blast-radius');
    expect(blocked({ parksThisRun: 3, approval: person }, config({ remediation: { mode: 'approve' } }))).toBe('act');
  });

  it('holds automatic parks during quiet hours but not a person’s approval', () => {
    const quiet = { guardrails: { timezone: 'UTC', quietHours: [{ days: ['fri' as const], start: '09:00', end: '17:00' }] } };
    expect(blocked({}, auto(quiet))).toBe('quiet-hours');
    expect(blocked({ approval: person }, config({ remediation: { mode: 'approve', ...quiet } }))).toBe('act');
  });

  it('cancels when the fresh re-check sees traffic since detection, and waits when it sees nothing at all', () => {
    expect(blocked({ invocationsSinceDetection: 3 })).toBe('traffic-since-detection');
    expect(blocked({ invocationsSinceDetection: undefined })).toBe('traffic-unknown');
    expect(blocked({ invocationsSinceDetection: undefined }, auto({ guardrails: { recheckTraffic: false } }))).toBe('act');
  });

  it('refuses an old alert once the resource was restored after it, and judges age by the current resource', () => {
    expect(blocked({ lastRestoredAt: new Date(NOW.getTime() - 30 * 60_000) })).toBe('restored-since-detection');
    expect(blocked({ lastRestoredAt: new Date(NOW.getTime() - 5 * HOUR) })).toBe('act'); // restored before this finding
    expect(blocked({ currentCreatedAt: new Date(NOW.getTime() - HOUR) })).toBe('min-age');
  });

  it('runs an irreversible action only with approval, never automatically', () => {
    const p = plan({ action: 'stop-training-job', ref: { ...plan().ref, kind: 'training-job' } });
    expect(decide(p, stopTrainingSpec, clear({ plan: p, spec: stopTrainingSpec, providerStatus: 'InProgress' }), auto()).outcome).toBe('needs-approval');
    expect(decide(p, stopTrainingSpec, clear({ plan: p, spec: stopTrainingSpec, providerStatus: 'InProgress', approval: person }), auto()).outcome).toBe('act');
  });
});
