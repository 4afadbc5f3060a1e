import { describe, expect, it } from 'vitest';
import { detectLockInRisk } from '../../../src/detectors/lock-in-risk';
import { buildAlertView } from '../../../src/notify/build-alert-view';
import { NOW, config, costLine, endpoint, snapshot, variant } from '../../support/builders';

describe('lock-in-risk alert view', () => {
  it('shows the score against the level and every factor with its points, what was seen and the open alternative', () => {
    const e = endpoint('inf-jumpstart', {
      variants: [variant('ml.inf2.xlarge', 2)],
      models: [{ name: 'm', source: 'built-in-algorithm', basis: 'SageMaker built-in algorithm linear-learner' }],
    });
    const day = new Date(NOW.getTime() - 86_400_000).toISOString().slice(0, 10);
    const sp = costLine(day, 96, { ServiceName: 'Savings Plans for AWS Machine Learning', CommitmentDiscountType: 'Savings Plans' });
    const [f] = detectLockInRisk(snapshot({ endpoints: [e], costs: [sp, costLine(day, 200)] }), config(), NOW);
    const view = buildAlertView(f!, { now: NOW, ownerTag: 'owner', reason: 'new', remediation: { mode: 'approve', source: 'mode' } as never });
    const facts = Object.fromEntries(view.facts.map((x) => [x.label, x.value]));
    expect(view.kindLabel).toBe('Lock-in risk');
    expect(facts.Score).toBe('80/100 (alert level 60)');
    expect(facts['Runs on']).toBe('ml.inf2.xlarge');
    expect(facts['Proprietary accelerator']).toMatch(/^\+35 \(weight 35 x 100%\): runs on ml\.inf2\.xlarge \(AWS Inferentia2\)\. Open alternative: .*NVIDIA GPU/);
    expect(facts['Platform-only serving']).toMatch(/^\+30 .*linear-learner.*Open alternative: Retrain with an open framework/);
    expect(facts.Commitments).toMatch(/^\+10 .*Savings Plans in 123456789012: \$2,918\.40\/month \(Savings Plans for AWS Machine Learning\)/);
    expect(facts['Cloud concentration']).toMatch(/^\+5 .*100 % of ML platform spend/);
    // A factor that adds nothing is listed without an alternative.
    expect(facts['Proprietary model']).toBe('+0 (weight 20 x 0%): no proprietary-only model');
    expect(view.buttons.map((b) => b.actionId)).not.toContain('wd_park');
  });
});
