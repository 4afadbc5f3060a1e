import { describe, expect, it } from 'vitest';
import { detectIdleNotebook } from '../../../src/detectors/idle-notebook';
import type { Notebook } from '../../../src/domain/resources';
import { idleNotebookDetails, idleNotebookLine } from '../../../src/notify/views/idle-notebook-details';
import { awsInstanceSpec } from '../../../src/providers/aws/instance-types';
import { sagemakerListPrice } from '../../../src/providers/aws/price-table';
import { config, HOUR, NOW, ref, snapshot } from '../../support/builders';

function notebook(name: string, type: string, over: Partial<Notebook> = {}): Notebook {
  const price = sagemakerListPrice(type, 'us-east-1', 'notebook');
  return {
    ref: ref(name, { kind: 'notebook' }),
    notebookKind: 'notebook-instance',
    status: 'in-service',
    providerStatus: 'InService',
    instance: { ...awsInstanceSpec(type), ...(price ? { listPrice: price } : {}) },
    createdAt: new Date(NOW.getTime() - 30 * 24 * HOUR),
    lastModifiedAt: new Date(NOW.getTime() - 48 * HOUR),
    tags: { owner: 'team-a' },
    ...over,
  };
}

describe('detectIdleNotebook', () => {
  it('reports a GPU notebook untouched past idleHours with the money spent meanwhile, to be stopped', () => {
    const [f, ...rest] = detectIdleNotebook(snapshot({ notebooks: [notebook('nb', 'ml.g5.xlarge')] }), config(), NOW);
    expect(rest).toEqual([]);
    expect(f!.evidence).toMatchObject({ signals: ['idle'], activitySource: 'last-modified', quietHours: 48, acceleratorCount: 1 });
    expect(f!.evidence.wastedSoFar!.amount).toBeCloseTo(f!.cost.hourly!.amount * 48);
    expect(f!.recommendation).toMatchObject({ action: 'stop-notebook', reversible: true });
    expect(f!.fingerprint).toBe('idle-notebook:aws:123456789012:us-east-1:notebook:nb');
    expect(idleNotebookLine(f!)).toBe('ml.g5.xlarge (1 GPU), notebook-instance, 48 h untouched');
    expect(idleNotebookDetails(f!).wastedSoFar).toEqual(f!.evidence.wastedSoFar);
  });

  it('skips small CPU sizes, recent activity, stopped and excluded notebooks; counts big CPU sizes', () => {
    const quiet = (n: Notebook) => detectIdleNotebook(snapshot({ notebooks: [n] }), config(), NOW);
    expect(quiet(notebook('small', 'ml.t3.medium'))).toEqual([]);
    expect(quiet(notebook('recent', 'ml.g5.xlarge', { lastModifiedAt: new Date(NOW.getTime() - 2 * HOUR) }))).toEqual([]);
    expect(quiet(notebook('stopped', 'ml.g5.xlarge', { status: 'stopped', providerStatus: 'Stopped' }))).toEqual([]);
    expect(quiet(notebook('ignored', 'ml.g5.xlarge', { tags: { 'watchdog:ignore': 'yes' } }))).toEqual([]);
    expect(quiet(notebook('big-cpu', 'ml.m5.4xlarge'))).toHaveLength(1);
  });

  it('flags idle shutdown drift where the cloud reports the setting, as its own low-severity finding', () => {
    const wb = (minutes?: number, hoursOld = 2) =>
      notebook('wb', 'ml.g5.xlarge', { notebookKind: 'workbench', ref: ref('wb', { cloud: 'gcp', kind: 'notebook' }), lastModifiedAt: new Date(NOW.getTime() - hoursOld * HOUR), ...(minutes ? { idleShutdownMinutes: minutes } : {}) });
    const [missing] = detectIdleNotebook(snapshot({ notebooks: [wb()] }), config(), NOW);
    expect(missing!.evidence.signals).toEqual(['idle-shutdown-missing']);
    expect(missing!.fingerprint.endsWith(':drift')).toBe(true);
    expect(missing!.severity).toBe('low');
    expect(missing!.recommendation.action).toBe('none');
    expect(missing!.recommendation.summary).toContain('idle-timeout-seconds');
    expect(detectIdleNotebook(snapshot({ notebooks: [wb(600)] }), config(), NOW)[0]!.evidence.signals).toEqual(['idle-shutdown-too-long']);
    expect(detectIdleNotebook(snapshot({ notebooks: [wb(60)] }), config(), NOW)).toEqual([]);
    const both = detectIdleNotebook(snapshot({ notebooks: [wb(undefined, 30)] }), config(), NOW)[0]!;
    expect(both.evidence.signals).toEqual(['idle', 'idle-shutdown-missing']);
    expect(both.recommendation.summary).toMatch(/^Stop it .*; and set the idle-timeout-seconds/);
    // SageMaker notebook instances have no native idle shutdown to read: no drift claimed.
    expect(detectIdleNotebook(snapshot({ notebooks: [notebook('nb', 'ml.g5.xlarge', { lastModifiedAt: new Date(NOW.getTime() - HOUR) })] }), config(), NOW)).toEqual([]);
  });

  it('recommends deleting a Studio app, measured from its creation when nothing else is known', () => {
    const app = notebook('d-1/u/KernelGateway/app', 'ml.g5.2xlarge', { notebookKind: 'studio-app', ref: ref('d-1/u/KernelGateway/app', { kind: 'studio-app' }) });
    delete app.lastModifiedAt;
    const [f] = detectIdleNotebook(snapshot({ notebooks: [app] }), config(), NOW);
    expect(f!.evidence.activitySource).toBe('created');
    expect(f!.recommendation).toMatchObject({ action: 'delete-studio-app', reversible: false });
  });
});
