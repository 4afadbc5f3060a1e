import { describe, expect, it } from 'vitest';
import { autoParkRequests } from '../../../src/app/remediation-dispatcher';
import { detectIdleGpu } from '../../../src/detectors/idle-gpu';
import { NOW, config, endpoint, series, snapshot, variant } from '../../support/builders';

function findings() {
  const small = endpoint('small', { variants: [variant('ml.g5.xlarge')] });
  const big = endpoint('big', { variants: [variant('ml.g5.48xlarge')] });
  const prod = endpoint('prod', { tags: { env: 'prod' } });
  const es = [small, big, prod];
  return detectIdleGpu(snapshot({ endpoints: es, utilization: es.map((e) => series(e.ref, 'invocations', 72, () => 0)) }), config(), NOW);
}

describe('autoParkRequests (what the scan hands to the remediation function)', () => {
  it('asks for nothing unless the mode is auto', () => {
    expect(autoParkRequests(findings(), config(), NOW)).toEqual([]);
    expect(autoParkRequests(findings(), config({ remediation: { mode: 'approve' } }), NOW)).toEqual([]);
  });

  it('asks for the costliest first, at most maxParksPerRun, honouring tag rules, with the Slack message to update', () => {
    const cfg = config({ remediation: { mode: 'auto', rules: [{ tags: { env: 'prod' }, mode: 'approve' }], guardrails: { maxParksPerRun: 1 } } });
    const fs = findings();
    const slack = new Map([[fs.find((f) => f.ref.name === 'big')!.fingerprint, { channel: 'C0ALERTS1', ts: '1.2' }]]);
    const reqs = autoParkRequests(fs, cfg, NOW, slack);
    expect(reqs).toHaveLength(1);
    expect(reqs[0]).toMatchObject({ type: 'park', ref: { name: 'big' }, approval: { by: 'auto', principal: 'scan' }, slack: { channel: 'C0ALERTS1' } });
    const two = autoParkRequests(fs, config({ remediation: { mode: 'auto', rules: [{ tags: { env: 'prod' }, mode: 'approve' }] } }), NOW);
    expect(two.map((r) => r.type === 'park' && r.ref?.name)).toEqual(['big', 'small']);
  });
});
