import type { Cloud, ResourceRef, Tags } from './cloud';
import type { CostEstimate } from './cost';
import type { CostAnomalyEvidence } from './findings/cost-anomaly';
import type { HiddenCostEvidence } from './findings/hidden-cost';
import type { UnattributedSpendEvidence } from './findings/unattributed-spend';
import type { CapacityRiskEvidence } from './findings/capacity-risk';
import type { BudgetOverrunEvidence } from './findings/budget-overrun';
import type { RunawayTrainingEvidence } from './findings/runaway-training';
import type { IdleNotebookEvidence } from './findings/idle-notebook';
import type { UnderusedGpuEvidence } from './findings/underused-gpu';
import type { LockInRiskEvidence } from './findings/lock-in-risk';
import type { ServingMode } from './resources';

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';

/**
 * What the watchdog would do about a finding. `park-*` actions are reversible (issue: remediation);
 * the recommendation is shown in alerts even when remediation is off.
 */
export type ParkAction =
  | 'ic-copies-to-zero' // inference components: copy count 0 + managed instance scaling min 0
  | 'async-min-capacity-zero' // async endpoint: Application Auto Scaling MinCapacity 0
  | 'delete-endpoint-keep-config' // classic real-time: save config + tags, delete, recreate on restore
  | 'provisioned-concurrency-zero' // serverless with provisioned concurrency
  | 'undeploy-model' // Vertex AI (GA): save the deployed model's spec and traffic share, undeploy; restore deploys it again
  | 'delete-deployment' // Azure ML managed online deployment (cannot go below 1 instance): save its spec and traffic share, delete it, keep the endpoint (URI, keys); restore recreates it
  | 'min-replicas-zero' // Vertex AI v1beta1 scale-to-zero preview: min replicas 0 (config gcp.scaleToZeroPreview)
  | 'stop-notebook' // SageMaker notebook instance, Vertex AI Workbench instance: stop / start
  | 'delete-studio-app'
  | 'stop-training-job' // SageMaker StopTrainingJob, Vertex AI CustomJob cancel (approve only, not restorable)
  | 'none';

export interface Recommendation {
  action: ParkAction;
  /** One sentence a person can act on. */
  summary: string;
  /** True when the action can be undone from a restore token. */
  reversible: boolean;
}

interface FindingBase<K extends string> {
  kind: K;
  /** Stable across runs for the same problem on the same resource: `${kind}:${refKey}`. */
  fingerprint: string;
  ref: ResourceRef;
  /**
   * Set when the finding spans several clouds (a budget over the whole ML spend): the clouds it covers, shown as
   * "aws+gcp+azure" in the CLI and Slack. `ref.cloud` is then the first of them, only because a ref names one cloud.
   */
  clouds?: Cloud[];
  tags: Tags;
  /** Owner from the configured owner tag, when present; routes alerts. */
  owner?: string;
  title: string;
  severity: Severity;
  /** When the resource was created (the remediation gate never parks very young resources). */
  resourceCreatedAt?: Date;
  detectedAt: Date;
  cost: CostEstimate;
  recommendation: Recommendation;
  /**
   * Alert about this fingerprint at most once, ever (no cooldown reminders, no growth re-alerts). Budget thresholds
   * use it with the period and threshold in the fingerprint: each threshold alerts once per period.
   */
  alertOnce?: boolean;
}

export interface IdleGpuEvidence {
  servingMode: ServingMode;
  instanceType: string;
  instanceCount: number;
  acceleratorCount: number;
  /** Hours the endpoint has had zero invocations, at least the idle window (capped at the lookback). */
  idleHours: number;
  windowHours: number;
  invocationsInWindow: number;
  /** Last period with a non-zero invocation count, if any was seen in the lookback. */
  lastInvocationAt?: Date;
  /** Mean per-GPU utilisation over the window; undefined when no GPU datapoints arrived. */
  meanGpuUtilPct?: number;
  /** Share of the window with invocation datapoints (0..1). */
  coverage: number;
  /** Longest quiet stretch between calls earlier in the lookback; idle means quieter than this for longer. */
  usualMaxQuietHours?: number;
  /** Money spent while idle so far (idleHours x hourly). */
  wastedSoFar: { amount: number; currency: string };
}

export interface IdleGpuFinding extends FindingBase<'idle-gpu'> {
  evidence: IdleGpuEvidence;
}

/** Why an endpoint counts as failing; one finding lists every reason that holds. */
export type FailureSignal = 'failed-state' | 'server-errors' | 'latency-regression';

export interface EndpointFailureEvidence {
  signals: FailureSignal[];
  /** The provider's own status word (Failed, OutOfService, UpdateRollbackFailed ...). */
  providerStatus: string;
  failureReason?: string;
  /** Requests and 5xx errors over the detail window, and their ratio in percent, when both were read. */
  requests?: number;
  serverErrors?: number;
  serverErrorRatePct?: number;
  /** p95 of the model latency in the last `recentHours` against the rest of the detail window. */
  latencyP95RecentMs?: number;
  latencyP95BaselineMs?: number;
  recentHours: number;
  /** Instances running (and billing) while the endpoint fails. */
  instanceCount: number;
  instanceType: string;
}

export interface EndpointFailureFinding extends FindingBase<'endpoint-failure'> {
  evidence: EndpointFailureEvidence;
}

export type { AnomalyDriver, AnomalyDriverKind, AnomalySource, AnomalyStatistics, CostAnomalyEvidence, NativeAnomalySummary } from './findings/cost-anomaly';
export type { AdjacentCategory, HiddenCostEvidence, HiddenCostPart, HiddenCostRule } from './findings/hidden-cost';
export type { UnattributedSpendEvidence, UntaggedResource } from './findings/unattributed-spend';
export type { CapacityRiskEvidence, CapacitySignal } from './findings/capacity-risk';
export type { BudgetForecast, BudgetForecastPart, BudgetOverrunEvidence } from './findings/budget-overrun';
export type { RunawayTrainingEvidence } from './findings/runaway-training';
export type { IdleNotebookEvidence, IdleNotebookRule } from './findings/idle-notebook';
export type { GpuCandidate, ScaleToZeroOption, UnderusedGpuAction, UnderusedGpuEvidence } from './findings/underused-gpu';

/** A day's spend of a service or an owner far above its own baseline (and/or AWS Cost Anomaly Detection's anomaly). */
export interface CostAnomalyFinding extends FindingBase<'cost-anomaly'> {
  evidence: CostAnomalyEvidence;
}

/** Spend around the ML platform (storage, logging, network ...) that outgrows it or takes a large share of it. */
export interface HiddenCostFinding extends FindingBase<'hidden-cost'> {
  evidence: HiddenCostEvidence;
}

export interface UnattributedSpendFinding extends FindingBase<'unattributed-spend'> {
  evidence: UnattributedSpendEvidence;
}

export interface CapacityRiskFinding extends FindingBase<'capacity-risk'> {
  evidence: CapacityRiskEvidence;
}

export interface BudgetOverrunFinding extends FindingBase<'budget-overrun'> {
  evidence: BudgetOverrunEvidence;
}

export interface RunawayTrainingFinding extends FindingBase<'runaway-training'> {
  evidence: RunawayTrainingEvidence;
}

export interface IdleNotebookFinding extends FindingBase<'idle-notebook'> {
  evidence: IdleNotebookEvidence;
}

export interface UnderusedGpuFinding extends FindingBase<'underused-gpu'> {
  evidence: UnderusedGpuEvidence;
}

export type { LockInFactor, LockInFactorName, LockInModel, LockInRiskEvidence } from './findings/lock-in-risk';

/** A workload whose lock-in score is at or above the configured level, with every factor and its open alternative. */
export interface LockInRiskFinding extends FindingBase<'lock-in-risk'> {
  evidence: LockInRiskEvidence;
}

/** Every finding kind. Later issues add members; the detector registry and renderers are typed over this union. */
export type Finding =
  | IdleGpuFinding
  | EndpointFailureFinding
  | CostAnomalyFinding
  | HiddenCostFinding
  | UnattributedSpendFinding
  | CapacityRiskFinding
  | BudgetOverrunFinding
  | RunawayTrainingFinding
  | IdleNotebookFinding
  | LockInRiskFinding
  | UnderusedGpuFinding;
export type FindingKind = Finding['kind'];
export type FindingOf<K extends FindingKind> = Extract<Finding, { kind: K }>;

export const FINDING_KINDS = [
  'idle-gpu',
  'endpoint-failure',
  'cost-anomaly',
  'hidden-cost',
  'unattributed-spend',
  'capacity-risk',
  'budget-overrun',
  'runaway-training',
  'idle-notebook',
  'lock-in-risk',
  'underused-gpu',
] as const satisfies readonly FindingKind[];

export function severityRank(s: Severity): number {
  return ['info', 'low', 'medium', 'high', 'critical'].indexOf(s);
}
