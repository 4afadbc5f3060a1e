import type { CompiledFor } from '../domain/served-model';

/**
 * The open framework or format an image or artifact name gives away, shared by the three clouds' model readers:
 * SageMaker DLC repositories (`pytorch-inference`, `huggingface-pytorch-tgi-inference`, `djl-inference`,
 * `sagemaker-tritonserver` ...), Vertex AI prebuilt containers (`prediction/tf2-gpu.2-15`, `pytorch-gpu.2-1`,
 * `sklearn-cpu.1-3`, `xgboost-cpu.1-7`) and Azure curated environments (`AzureML-ACPT-pytorch-2.2-cuda12.1`,
 * `sklearn-1.5`, `mlflow-py312-inference`). Order matters: the serving runtime (TGI, vLLM, Triton) is more telling
 * than the framework underneath it.
 */
const FRAMEWORKS: ReadonlyArray<[string, RegExp]> = [
  ['onnx', /onnx/i],
  ['tgi', /(^|[-_/])tgi([-_./:]|$)|text-generation-inference/i],
  ['vllm', /vllm/i],
  ['triton', /triton/i],
  ['djl', /(^|[-_/])djl[-_]/i],
  ['mlflow', /mlflow/i],
  ['huggingface', /hugging-?face|(^|[-_/])hf[-_]/i],
  ['pytorch', /pytorch|torch/i],
  ['tensorflow', /tensorflow|(^|[-_/])tf2?[-_.]/i],
  ['xgboost', /xgboost/i],
  ['sklearn', /scikit-learn|sklearn/i],
  ['mxnet', /mxnet/i],
  ['jax', /(^|[-_/])jax([-_./]|$)/i],
];

export function frameworkOf(...names: readonly (string | undefined)[]): string | undefined {
  for (const [framework, re] of FRAMEWORKS) if (names.some((n) => n !== undefined && re.test(n))) return framework;
  return undefined;
}

/**
 * Artifacts compiled for one vendor's accelerator: AWS Neuron images (`pytorch-inference-neuronx`, `djl-inference
 * ...-neuronx-sdk`, `huggingface-pytorch-inference-neuronx`) and TPU builds (`tf2-tpu`, `pytorch-xla`, `-tpu`). Only
 * these words count: a repository merely named after an instance type (`inf2-ranker`) says nothing.
 */
export function compiledFor(...names: readonly (string | undefined)[]): CompiledFor | undefined {
  if (names.some((n) => n !== undefined && /neuron/i.test(n))) return 'aws-neuron';
  if (names.some((n) => n !== undefined && /(^|[-_./])tpu([-_./:]|$)|pytorch-xla/i.test(n))) return 'google-tpu';
  return undefined;
}
