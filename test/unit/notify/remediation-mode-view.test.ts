import { describe, expect, it } from 'vitest';
import { buildAlertView } from '../../../src/notify/build-alert-view';
import { idleGpuFinding } from './finding-factory';

describe('the alert shows the remediation mode', () => {
  const ctx = { now: new Date('2026-11-20T12:00:00Z'), ownerTag: 'owner', reason: 'new' as const };
  it('offers Park only where the gate could act, and says what will happen', () => {
    const f = idleGpuFinding();
    const ids = (mode: 'off' | 'dry-run' | 'approve' | 'auto') => buildAlertView(f, { ...ctx, remediation: { mode, source: 'test' } }).buttons.map((b) => b.actionId);
    expect(ids('dry-run')).toEqual(['wd_snooze_24h', 'wd_snooze_7d', 'wd_ignore']);
    expect(ids('off')).not.toContain('wd_park');
    expect(ids('approve')[0]).toBe('wd_park');
    const view = buildAlertView(f, { ...ctx, remediation: { mode: 'approve', source: 'test' } });
    expect(view.facts.find((x) => x.label === 'Remediation')?.value).toMatch(/needs approval/);
    expect(buildAlertView(f, ctx).buttons[0]?.actionId).toBe('wd_park');
  });
});
