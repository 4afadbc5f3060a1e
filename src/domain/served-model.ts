/**
 * What an endpoint serves (or a training job runs), as far as the platform's APIs say: the container image, the
 * model artifact, and where both come from. The lock-in detector reads it to judge how hard the workload would be to
 * move; every reader fills it from its own API (SageMaker DescribeModel / DescribeInferenceComponent / DescribeEndpoint
 * DeployedImages and DescribeTrainingJob, Vertex AI models.get and CustomJob worker pools, Azure ML online deployment
 * and job properties).
 */

/**
 * Where the serving stack comes from, from most to least portable:
 * - `custom-container`: the customer's own image (its own registry, or a shared one of the organisation);
 * - `framework-container`: the platform's prebuilt image for an open framework (PyTorch, TensorFlow, XGBoost,
 *   scikit-learn, Triton, TGI, vLLM, DJL ...) or a curated environment: the artifact is portable and the framework's
 *   public image replaces the platform's;
 * - `foundation-catalog`: a model taken from the platform's catalog (SageMaker JumpStart, Vertex Model Garden, Azure
 *   ML registries), served by the platform's container; `ServedModel.proprietary` says whether its weights exist
 *   anywhere else;
 * - `built-in-algorithm`: a platform algorithm or AutoML model whose artifact only the platform's own container reads;
 * - `model-package`: a marketplace package run as a black box (SageMaker model package of another account);
 * - `unknown`: the reader could not tell (not read, or an image it does not recognise as the platform's).
 */
export type ModelSource = 'custom-container' | 'framework-container' | 'foundation-catalog' | 'built-in-algorithm' | 'model-package' | 'unknown';

export const MODEL_SOURCES: readonly ModelSource[] = ['custom-container', 'framework-container', 'foundation-catalog', 'built-in-algorithm', 'model-package', 'unknown'];

/** Accelerator-specific compilation of an artifact: Neuron (Inferentia, Trainium) or XLA for TPU. */
export type CompiledFor = 'aws-neuron' | 'google-tpu';

export interface ServedModel {
  /** The platform's name for the model: SageMaker model name, Vertex model resource name, Azure model URI or id. */
  name: string;
  /** Variant, deployed model or deployment it serves on (undefined for a training job). */
  variant?: string;
  /** Container image URI, when the API names one. */
  image?: string;
  /** Model artifact location (S3 / GCS URI, registry model), when the API names one. */
  artifactUri?: string;
  source: ModelSource;
  /** Framework or open format the image or artifact names (pytorch, tensorflow, onnx, xgboost, sklearn, mlflow, triton, tgi ...). */
  framework?: string;
  compiledFor?: CompiledFor;
  /** True when the weights exist only on this platform (Azure OpenAI, Gemini, a marketplace vendor's package). */
  proprietary?: boolean;
  /** Catalog entry or package the platform names (JumpStart path, publishers/google/models/x, registry, package ARN). */
  publisher?: string;
  /** How the reader decided, in words shown to people ("image in AWS's built-in algorithm repository linear-learner"). */
  basis: string;
}

/** How hard each source is to take elsewhere, least to most: the least portable of several containers wins. */
export const SOURCE_RANK: Readonly<Record<ModelSource, number>> = {
  unknown: 0,
  'custom-container': 1,
  'framework-container': 2,
  'foundation-catalog': 3,
  'built-in-algorithm': 4,
  'model-package': 5,
};
