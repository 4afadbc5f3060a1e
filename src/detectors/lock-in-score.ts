import type { WatchdogConfig } from '../config/schema';
import type { ResourceRef, Tags } from '../domain/cloud';
import type { LockInFactor, LockInFactorName } from '../domain/findings/lock-in-risk';
import type { AcceleratorKind, Endpoint, InstanceSpec, ServedModel, TrainingJob } from '../domain/resources';
import type { Snapshot } from '../domain/snapshot';
import { billingView, describeCommitment, type BillingView } from './lock-in-billing';

/**
 * The lock-in score of every workload (endpoint, and running training job unless turned off): 0-100, the weighted
 * share of five factors, each 0..1 with the open alternative that would remove it. Pure; the weekly report shows
 * every score, the lock-in-risk detector reports those at or above the alert level.
 */

export interface LockInScore {
  ref: ResourceRef;
  tags: Tags;
  workload: 'endpoint' | 'training-job';
  /** 0-100, rounded to a whole number. */
  score: number;
  factors: LockInFactor[];
  instances: InstanceSpec[];
  /** What it serves or runs; empty when unknown. */
  models: ServedModel[];
}

type Weights = WatchdogConfig['detectors']['lock-in-risk']['weights'];
const WEIGHT_KEY: Record<LockInFactorName, keyof Weights> = {
  'proprietary-accelerator': 'proprietaryAccelerator',
  'platform-serving': 'platformServing',
  'proprietary-model': 'proprietaryModel',
  commitments: 'commitments',
  'cloud-concentration': 'cloudConcentration',
};

/** Accelerators only one cloud sells (Inferentia, Trainium, TPU); Gaudi is one vendor's but not a cloud's own. */
const ACCELERATOR_VALUE: Record<AcceleratorKind, number> = { 'aws-inferentia': 1, 'aws-trainium': 1, 'google-tpu': 1, 'habana-gaudi': 0.5, 'nvidia-gpu': 0, none: 0 };
const ACCELERATOR_ALTERNATIVE: Partial<Record<AcceleratorKind, string>> = {
  'aws-inferentia': 'Keep an uncompiled build of the model that runs on NVIDIA GPU instances (ml.g5/ml.g6 here, the same GPUs on every cloud), and budget the Neuron recompile as a migration cost.',
  'aws-trainium': 'Keep the training code runnable on NVIDIA GPU instances (PyTorch without Neuron-only ops), so a job can move to GPUs on any cloud.',
  'google-tpu': 'Keep a GPU build of the model (PyTorch, or JAX on CUDA) that runs on NVIDIA machines (g2 L4, a2 A100), available on every cloud.',
  'habana-gaudi': 'Keep a CUDA build of the model for NVIDIA GPU instances.',
};

/** How much of the serving stack only the platform runs, per source (see the config's description of platformServing). */
export function servingValue(m: ServedModel): number {
  switch (m.source) {
    case 'built-in-algorithm':
    case 'model-package':
      return 1;
    case 'foundation-catalog':
      // A proprietary model can only be served by the platform's own stack; open weights can move to any container.
      return m.proprietary ? 1 : 0.6;
    case 'framework-container':
      return m.compiledFor ? 0.6 : 0.3;
    case 'custom-container':
      return m.compiledFor ? 0.3 : 0;
    case 'unknown':
      return 0;
  }
}

function servingAlternative(m: ServedModel): string {
  switch (m.source) {
    case 'built-in-algorithm':
      return 'Retrain with an open framework (XGBoost, scikit-learn, PyTorch) and serve it from your own container, or export it (ONNX, TF SavedModel) where the platform allows.';
    case 'model-package':
      return 'Evaluate an open-weight model for the same task, served from your own container, before the package becomes load-bearing.';
    case 'foundation-catalog':
      if (m.proprietary) return 'Only the platform serves this model: keep the application behind a provider-neutral interface (an OpenAI-compatible API, for one) so an open model in your own container can replace it.';
      return 'Serve the same open weights with vLLM or TGI from your own container: one image that runs on every cloud and on Kubernetes.';
    default:
      if (m.source === 'custom-container' && !m.compiledFor) return 'Nothing to do: your own container with its artifact runs on any cloud.';
      return m.compiledFor
        ? 'Keep an uncompiled artifact (ONNX, TorchScript, SavedModel) beside the accelerator build, so the model can be served elsewhere.'
        : "Serve the same artifact from the framework's public image (TorchServe, Triton, TGI, TF Serving) in your own registry.";
  }
}

function acceleratorFactor(instances: readonly InstanceSpec[]): Omit<LockInFactor, 'weight' | 'points'> {
  const worst = [...instances].sort((a, b) => ACCELERATOR_VALUE[b.acceleratorKind] - ACCELERATOR_VALUE[a.acceleratorKind])[0];
  const value = worst ? ACCELERATOR_VALUE[worst.acceleratorKind] : 0;
  const known = instances.some((i) => i.instanceType !== 'unknown');
  const types = [...new Set(instances.map((i) => `${i.instanceType}${i.acceleratorModel ? ` (${i.acceleratorModel})` : ''}`))].join(', ');
  return {
    factor: 'proprietary-accelerator',
    value,
    known,
    detail: value > 0 ? `runs on ${types}` : `runs on ${types || 'no known instance'}: no cloud-proprietary accelerator`,
    alternative: (worst && ACCELERATOR_ALTERNATIVE[worst.acceleratorKind]) ?? 'Nothing to do: NVIDIA GPUs and CPUs are sold by every cloud.',
  };
}

function servingFactor(models: readonly ServedModel[] | undefined): Omit<LockInFactor, 'weight' | 'points'> {
  const known = (models ?? []).filter((m) => m.source !== 'unknown');
  if (known.length === 0) {
    return { factor: 'platform-serving', value: 0, known: false, detail: models ? 'the serving container could not be identified' : 'models were not looked up', alternative: 'Serve from your own container with an open model format (ONNX, TorchScript, SavedModel).' };
  }
  const worst = [...known].sort((a, b) => servingValue(b) - servingValue(a))[0]!;
  return { factor: 'platform-serving', value: servingValue(worst), known: true, detail: `${worst.name}: ${worst.basis}`, alternative: servingAlternative(worst) };
}

function modelFactor(models: readonly ServedModel[] | undefined): Omit<LockInFactor, 'weight' | 'points'> {
  const proprietary = (models ?? []).filter((m) => m.proprietary);
  const known = (models ?? []).some((m) => m.source !== 'unknown');
  return {
    factor: 'proprietary-model',
    value: proprietary.length > 0 ? 1 : 0,
    known,
    detail: proprietary.length > 0 ? `${proprietary.map((m) => m.publisher ?? m.name).join(', ')}: weights available only on this platform` : known ? 'no proprietary-only model' : 'models were not identified',
    alternative: 'Evaluate an open-weight model (Llama, Mistral, Gemma, Qwen) fine-tuned for the task and served from your own container, and keep prompts and evaluations provider-neutral.',
  };
}

function commitmentFactor(billing: BillingView, ref: ResourceRef): Omit<LockInFactor, 'weight' | 'points'> {
  const c = billing.commitments(ref.cloud, ref.account);
  return {
    factor: 'commitments',
    value: c.monthly > 0 ? 1 : 0,
    known: c.known,
    detail: c.monthly > 0 ? describeCommitment(c, ref.account) : c.known ? `no commitment billed to ${ref.account} in the last 30 days` : 'no billed cost was read for this cloud',
    alternative: 'Before renewing, prefer shorter or flexible terms (compute-wide Savings Plans, flexible CUDs, exchangeable reservations) and check the end date before adding workloads to the commitment.',
  };
}

function concentrationFactor(billing: BillingView, cloud: ResourceRef['cloud'], fromPct: number): Omit<LockInFactor, 'weight' | 'points'> {
  const c = billing.concentration(cloud);
  const from = fromPct / 100;
  const value = c.known ? Math.min(1, Math.max(0, (c.share - from) / (1 - from))) : 0;
  const parts = Object.entries(c.byCloud).map(([k, v]) => `${k} ${Math.round(((v ?? 0) / Object.values(c.byCloud).reduce((a, b) => a + (b ?? 0), 0)) * 100)} %`);
  return {
    factor: 'cloud-concentration',
    value,
    known: c.known,
    detail: c.known ? `${Math.round(c.share * 100)} % of ML platform spend in the last 30 days is on ${cloud} (${parts.join(', ')})` : 'no ML platform spend was read',
    alternative: 'Keep a second cloud\'s path tested for the models that matter most: portable containers and open formats make it cheap.',
  };
}

function weigh(parts: Omit<LockInFactor, 'weight' | 'points'>[], weights: Weights): { score: number; factors: LockInFactor[] } {
  const total = Object.values(weights).reduce((a, b) => a + b, 0);
  const factors = parts.map((p) => {
    const weight = weights[WEIGHT_KEY[p.factor]];
    return { ...p, weight, points: total > 0 ? (100 * weight * p.value) / total : 0 };
  });
  return { score: Math.round(factors.reduce((a, f) => a + f.points, 0)), factors };
}

function scoreOf(ref: ResourceRef, instances: InstanceSpec[], models: ServedModel[] | undefined, billing: BillingView, config: WatchdogConfig) {
  const policy = config.detectors['lock-in-risk'];
  return weigh(
    [acceleratorFactor(instances), servingFactor(models), modelFactor(models), commitmentFactor(billing, ref), concentrationFactor(billing, ref.cloud, policy.concentrationFromPct)],
    policy.weights,
  );
}

function endpointScore(e: Endpoint, billing: BillingView, config: WatchdogConfig): LockInScore {
  const instances = e.variants.map((v) => v.instance);
  return { ref: e.ref, tags: e.tags, workload: 'endpoint', ...scoreOf(e.ref, instances, e.models, billing, config), instances, models: e.models ?? [] };
}

function jobScore(j: TrainingJob, billing: BillingView, config: WatchdogConfig): LockInScore {
  const models = j.container ? [j.container] : undefined;
  return { ref: j.ref, tags: j.tags, workload: 'training-job', ...scoreOf(j.ref, [j.instance], models, billing, config), instances: [j.instance], models: models ?? [] };
}

/** Every workload's score, highest first (endpoints with nothing deployed have nothing to score and are left out). */
export function lockInScores(snapshot: Snapshot, config: WatchdogConfig, now: Date): LockInScore[] {
  const billing = billingView(snapshot.costs, now);
  const scores = [
    ...snapshot.endpoints.filter((e) => e.variants.length > 0).map((e) => endpointScore(e, billing, config)),
    ...(config.detectors['lock-in-risk'].includeTrainingJobs ? snapshot.trainingJobs.map((j) => jobScore(j, billing, config)) : []),
  ];
  return scores.sort((a, b) => b.score - a.score || a.ref.name.localeCompare(b.ref.name));
}
