import { describe, expect, it } from 'vitest';
import { detectIdleNotebook } from '../../../src/detectors/idle-notebook';
import { buildAlertView } from '../../../src/notify/build-alert-view';
import { idleNotebookLine } from '../../../src/notify/views/idle-notebook-details';
import { NOW, config, notebook, snapshot } from '../../support/builders';

const view = (nb: Parameters<typeof notebook>) => {
  const [f] = detectIdleNotebook(snapshot({ notebooks: [notebook(...nb)] }), config(), NOW);
  return { f: f!, view: buildAlertView(f!, { now: NOW, ownerTag: 'owner', reason: 'new', remediation: { mode: 'approve', source: 'mode' } as never }) };
};

describe('idle-notebook alert view', () => {
  it('shows uptime, what it rests on, the missing idle shutdown and the waste; offers Park', () => {
    const { f, view: v } = view(['ds-nb', {}, 'ml.g5.xlarge', 50]);
    const facts = Object.fromEntries(v.facts.map((x) => [x.label, x.value]));
    expect(v.kindLabel).toBe('Idle notebook');
    expect(facts.Notebook).toBe('SageMaker notebook instance, ml.g5.xlarge (1 x NVIDIA A10G GPU), InService');
    expect(facts['Up for']).toBe('2 d 2 h (threshold 24 h)');
    expect(facts['Running since']).toBe('2026-11-18 10:00 UTC (2 d 2 h ago)');
    expect(facts['Evidence basis']).toContain('SageMaker exposes no notebook activity');
    expect(facts['Idle shutdown']).toBe('none: it never stops itself');
    expect(facts['Setting to change']).toContain('auto-stop');
    expect(v.buttons.map((b) => b.actionId)).toContain('wd_park');
    expect(idleNotebookLine(f)).toBe('ml.g5.xlarge (1 x NVIDIA A10G GPU), up 2 d 2 h with no start/stop/change; idle shutdown none: it never stops itself');
  });

  it('shows drift without a Park button', () => {
    const { f, view: v } = view(['wb', { notebookKind: 'workbench', idleShutdownState: 'configured', idleShutdownMinutes: 720 }, 'ml.g5.xlarge', 2]);
    const facts = Object.fromEntries(v.facts.map((x) => [x.label, x.value]));
    expect(v.kindLabel).toBe('Notebook idle-shutdown drift');
    expect(facts['Idle shutdown']).toBe('after 720 idle min (policy: at most 180)');
    expect(facts['Setting to change']).toBe('the instance metadata idle-timeout-seconds (<= 10800)');
    expect(facts['Up for']).toBeUndefined();
    expect(v.buttons.map((b) => b.actionId)).not.toContain('wd_park');
    expect(idleNotebookLine(f)).toBe('ml.g5.xlarge (1 x NVIDIA A10G GPU); idle shutdown after 720 idle min (policy: at most 180)');
  });
});
