import type { WatchdogConfig } from '../config/schema';
import { refKey } from '../domain/cloud';
import type { LockInRiskFinding, Severity } from '../domain/finding';
import type { LockInModel } from '../domain/findings/lock-in-risk';
import type { Snapshot } from '../domain/snapshot';
import { estimateMonthlyCost } from './cost-estimate';
import { exclusionReason } from './exclusions';
import { lockInScores, type LockInScore } from './lock-in-score';

/**
 * `lock-in-risk`: a workload whose lock-in score (lock-in-score.ts) is at or above `alertLevel`. Every finding
 * names each contributing factor with its weight, points and open alternative; the monthly cost is what the workload
 * costs (what would have to move). Alerts follow the normal cooldown: a score that stays high is a standing risk
 * worth a reminder, not a one-off event.
 */
export function detectLockInRisk(snapshot: Snapshot, config: WatchdogConfig, now: Date): LockInRiskFinding[] {
  const policy = config.detectors['lock-in-risk'];
  if (!policy.enabled) return [];
  return lockInScores(snapshot, config, now)
    .filter((s) => s.score >= policy.alertLevel && !exclusionReason(s.ref.name, s.tags, config.exclusions))
    .map((s) => toFinding(s, snapshot, config, now));
}

/** Medium from 85 (most factors present), low below: lock-in is a planning risk, not an outage. */
function severityOf(score: number): Severity {
  return score >= 85 ? 'medium' : 'low';
}

function toFinding(s: LockInScore, snapshot: Snapshot, config: WatchdogConfig, now: Date): LockInRiskFinding {
  const policy = config.detectors['lock-in-risk'];
  const running = runningOf(s, snapshot);
  const estimate = estimateMonthlyCost(s.ref, running, snapshot.costs, now);
  const top = [...s.factors].filter((f) => f.points >= 0.5).sort((a, b) => b.points - a.points);
  const owner = s.tags[config.ownerTag];
  const models: LockInModel[] = s.models.map((m) => ({
    name: m.name,
    source: m.source,
    ...(m.image ? { image: m.image } : {}),
    ...(m.framework ? { framework: m.framework } : {}),
    ...(m.compiledFor ? { compiledFor: m.compiledFor } : {}),
    ...(m.proprietary ? { proprietary: true } : {}),
    ...(m.publisher ? { publisher: m.publisher } : {}),
    basis: m.basis,
  }));
  return {
    kind: 'lock-in-risk',
    fingerprint: `lock-in-risk:${refKey(s.ref)}`,
    ref: s.ref,
    tags: s.tags,
    ...(owner ? { owner } : {}),
    title: `${s.ref.name} lock-in score ${s.score}/100 (${top.slice(0, 3).map((f) => f.factor).join(', ')})`,
    severity: severityOf(s.score),
    detectedAt: now,
    cost: { ...estimate, explanation: `what the ${s.workload === 'endpoint' ? 'endpoint' : 'training job'} costs per month, the spend that would have to move: ${estimate.explanation}` },
    recommendation: {
      action: 'none',
      summary: top[0]?.alternative ?? 'Review the factors of the score.',
      reversible: false,
    },
    evidence: {
      workload: s.workload,
      score: s.score,
      alertLevel: policy.alertLevel,
      factors: s.factors,
      instanceTypes: [...new Set(s.instances.map((i) => i.instanceType))],
      models,
    },
  };
}

/** Instances it keeps running (a training job runs all of its instances). */
function runningOf(s: LockInScore, snapshot: Snapshot) {
  if (s.workload === 'training-job') {
    const j = snapshot.trainingJobs.find((x) => refKey(x.ref) === refKey(s.ref));
    return j ? [{ instance: j.instance, count: j.instanceCount }] : [];
  }
  const e = snapshot.endpoints.find((x) => refKey(x.ref) === refKey(s.ref));
  return (e?.variants ?? []).map((v) => ({ instance: v.instance, count: v.currentInstanceCount }));
}
