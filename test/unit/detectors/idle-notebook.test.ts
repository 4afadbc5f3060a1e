import { describe, expect, it } from 'vitest';
import { detectIdleNotebook } from '../../../src/detectors/idle-notebook';
import { evidenceBasis, sizeReason } from '../../../src/detectors/notebook-policy';
import type { Notebook } from '../../../src/domain/resources';
import { awsInstanceSpec } from '../../../src/providers/aws/instance-types';
import { HOUR, NOW, billedLine, config, notebook, ref, snapshot } from '../../support/builders';

const run = (notebooks: Notebook[], input = {}) => detectIdleNotebook(snapshot({ notebooks }), config(input), NOW);
const ago = (h: number) => new Date(NOW.getTime() - h * HOUR);

describe('idle-notebook: which notebooks count', () => {
  it('counts any accelerator and CPU notebooks from minVcpus up; unknown vCPUs count as small', () => {
    expect(sizeReason(awsInstanceSpec('ml.g5.xlarge'), 8)).toBe('1 x NVIDIA A10G GPU');
    expect(sizeReason(awsInstanceSpec('ml.c5.2xlarge'), 8)).toBe('8 vCPUs (>= 8)');
    expect(sizeReason(awsInstanceSpec('ml.m5.xlarge'), 8)).toBeUndefined();
    expect(sizeReason(awsInstanceSpec('ml.t3.medium'), 2)).toBe('2 vCPUs (>= 2)');
    expect(sizeReason({ instanceType: 'x', acceleratorKind: 'none', acceleratorCount: 0 }, 1)).toBeUndefined();
  });

  it('never reports a small CPU notebook, however long it runs without idle shutdown', () => {
    expect(run([notebook('analytics-scratch', {}, 'ml.t3.medium', 24 * 30)])).toEqual([]);
  });

  it('reports a large CPU notebook', () => {
    const [f] = run([notebook('big-cpu', {}, 'ml.m5.4xlarge', 48)]);
    expect(f).toMatchObject({ kind: 'idle-notebook', evidence: { rule: 'idle', sizeReason: '16 vCPUs (>= 8)' } });
  });

  it('skips stopped, starting and failed notebooks', () => {
    for (const status of ['stopped', 'creating', 'failed', 'updating'] as const) {
      expect(run([notebook('nb', { status, providerStatus: status })])).toEqual([]);
    }
  });

  it('respects exclusions', () => {
    expect(run([notebook('nb', { tags: { 'watchdog:ignore': 'true' } })])).toEqual([]);
    expect(run([notebook('scratch-1')], { exclusions: { names: ['scratch-*'] } })).toEqual([]);
  });
});

describe('idle-notebook: idle rule', () => {
  it('fires on uptime at the threshold and not an hour before', () => {
    expect(run([notebook('nb', {}, 'ml.g5.xlarge', 24)])).toHaveLength(1);
    const [drift] = run([notebook('nb', {}, 'ml.g5.xlarge', 23)]);
    expect(drift!.evidence.rule).toBe('idle-shutdown-drift');
  });

  it('uses idleHours, not uptimeHours, when a real user-activity time exists', () => {
    const n = (h: number) => notebook('app', { notebookKind: 'studio-app', idleShutdownState: 'unknown', activitySource: 'user-activity', lastActivityAt: ago(h) });
    const [f] = run([n(3)]);
    expect(f).toMatchObject({ evidence: { rule: 'idle', signal: 'user-activity', thresholdHours: 3 }, recommendation: { action: 'delete-studio-app' } });
    expect(f!.title).toBe('Idle notebook app: no user activity for 3 h');
    expect(run([n(2.5)])).toEqual([]); // unknown idle shutdown: no drift either
  });

  it('treats a Studio app known only from its creation time as uptime', () => {
    const app = notebook('app', { notebookKind: 'studio-app', idleShutdownState: 'unknown', activitySource: 'created', lastActivityAt: ago(20) });
    expect(run([app])).toEqual([]);
    const [f] = run([{ ...app, lastActivityAt: ago(30) }]);
    expect(f!.evidence).toMatchObject({ signal: 'uptime', thresholdHours: 24 });
    expect(f!.evidence.evidenceBasis).toContain('LastUserActivityTimestamp only repeats the health-check time');
  });

  it('trusts a native idle shutdown within policy over uptime: still running means in use', () => {
    expect(run([notebook('nb', { idleShutdownState: 'configured', idleShutdownMinutes: 60 }, 'ml.g5.xlarge', 96)])).toEqual([]);
    // ... but not over a real user-activity time
    const app = notebook('nb', { idleShutdownState: 'configured', idleShutdownMinutes: 60, activitySource: 'user-activity', lastActivityAt: ago(5) });
    expect(run([app])).toHaveLength(1);
  });

  it('fires on uptime when the idle shutdown is longer than policy, and says what to change', () => {
    const [f] = run([notebook('wb', { notebookKind: 'workbench', idleShutdownState: 'configured', idleShutdownMinutes: 720 }, 'ml.g5.xlarge', 48)]);
    expect(f).toMatchObject({ fingerprint: expect.stringMatching(/^idle-notebook:aws:/), evidence: { rule: 'idle', idleShutdownMinutes: 720 } });
    expect(f!.recommendation.summary).toContain('idle-timeout-seconds (<= 10800)');
  });

  it('costs the notebook at list price without billed lines, and states the waste so far', () => {
    const [f] = run([notebook('nb', {}, 'ml.g5.xlarge', 48)]);
    expect(f!.cost.basis).toBe('list-price');
    expect(f!.evidence.wastedSoFar!.amount).toBeCloseTo(f!.cost.hourly!.amount * 48, 6);
    expect(f!.evidence.idleHours).toBeCloseTo(48, 6);
    expect(f!.recommendation).toMatchObject({ action: 'stop-notebook', reversible: true });
    expect(f!.recommendation.summary).toContain('auto-stop');
    expect(f!.owner).toBe('team-nlp');
  });

  it('prefers what the cloud billed for the notebook', () => {
    const wb = notebook('wb', { ref: ref('wb', { cloud: 'gcp', kind: 'notebook', id: 'projects/p/locations/us-central1-a/instances/wb' }), notebookKind: 'workbench' });
    const costs = ['2026-11-18', '2026-11-19'].map((d) => billedLine(wb.ref, d, 24));
    const [f] = detectIdleNotebook(snapshot({ notebooks: [wb], costs }), config(), NOW);
    expect(f!.cost).toMatchObject({ basis: 'billed', hourly: { amount: 1 } });
    expect(f!.evidence.wastedSoFar!.amount).toBeCloseTo(48, 6);
  });

  it('rates idle by what it costs, drift always low', () => {
    expect(run([notebook('nb', {}, 'ml.g5.xlarge', 48)])[0]!.severity).toBe('medium'); // ~$1,000/month
    expect(run([notebook('nb', {}, 'ml.g5.12xlarge', 48)])[0]!.severity).toBe('high');
    expect(run([notebook('nb', {}, 'ml.g5.12xlarge', 1)])[0]!.severity).toBe('low');
  });
});

describe('idle-notebook: idle-shutdown drift', () => {
  it('reports a running notebook without idle shutdown as low-severity drift with its own fingerprint and no park', () => {
    const [f] = run([notebook('nb', {}, 'ml.g5.xlarge', 0.5)]);
    expect(f).toMatchObject({
      severity: 'low',
      fingerprint: `idle-notebook:drift:aws:123456789012:us-east-1:notebook:nb`,
      title: 'Notebook nb has no idle shutdown',
      recommendation: { action: 'none' },
      evidence: { rule: 'idle-shutdown-drift', idleShutdownState: 'absent' },
    });
    expect(f!.evidence.wastedSoFar).toBeUndefined();
  });

  it('fires above maxIdleShutdownMinutes and not at it', () => {
    const n = (m: number) => notebook('nb', { idleShutdownState: 'configured', idleShutdownMinutes: m }, 'ml.g5.xlarge', 1);
    expect(run([n(180)])).toEqual([]);
    expect(run([n(60)])).toEqual([]);
    expect(run([n(181)])[0]!.title).toBe('Notebook nb shuts down only after 181 idle minutes (policy: 180)');
    expect(run([n(240)], { detectors: { 'idle-notebook': { maxIdleShutdownMinutes: 240 } } })).toEqual([]);
  });

  it('is silent when the setting cannot be read, and when drift reporting is off', () => {
    expect(run([notebook('nb', { idleShutdownState: 'unknown' }, 'ml.g5.xlarge', 1)])).toEqual([]);
    expect(run([notebook('nb', { idleShutdownState: undefined }, 'ml.g5.xlarge', 1)])).toEqual([]);
    expect(run([notebook('nb', {}, 'ml.g5.xlarge', 1)], { detectors: { 'idle-notebook': { reportIdleShutdownDrift: false } } })).toEqual([]);
  });

  it('folds drift into the idle finding instead of a second alert', () => {
    const found = run([notebook('nb', {}, 'ml.g5.xlarge', 30)]);
    expect(found).toHaveLength(1);
    expect(found[0]!.evidence).toMatchObject({ rule: 'idle', idleShutdownState: 'absent' });
  });

  it('can be switched off entirely', () => {
    expect(run([notebook('nb', {}, 'ml.g5.xlarge', 100)], { detectors: { 'idle-notebook': { enabled: false } } })).toEqual([]);
  });
});

describe('idle-notebook: evidence basis per cloud', () => {
  it('says what each activity time is and what it cannot tell', () => {
    expect(evidenceBasis('notebook-instance', 'last-modified')).toContain('LastModifiedTime');
    expect(evidenceBasis('workbench', 'last-modified')).toContain('updateTime');
    expect(evidenceBasis('compute-instance', 'last-start')).toContain('lastOperation');
    expect(evidenceBasis('compute-instance', 'last-modified')).toContain('modifiedOn');
    expect(evidenceBasis('studio-app', 'user-activity')).toContain('LastUserActivityTimestamp');
  });
});
