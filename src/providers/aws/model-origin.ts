import type { ServedModel } from '../../domain/served-model';
import { compiledFor, frameworkOf } from '../framework-names';

/**
 * Pure classification of what a SageMaker model runs, from the strings the APIs return: the container image
 * (DescribeModel PrimaryContainer/Containers[].Image, DescribeInferenceComponent Specification.Container.Image,
 * DescribeEndpoint DeployedImages, DescribeTrainingJob AlgorithmSpecification.TrainingImage), the artifact
 * (ModelDataUrl / ModelDataSource.S3DataSource.S3Uri / ArtifactUrl) and ModelPackageName / AlgorithmName.
 */

export interface EcrImage {
  account: string;
  region: string;
  repository: string;
  tag?: string;
}

/** `<account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:tag|@sha256:...]`; undefined for other registries. */
export function parseEcrImage(image: string | undefined): EcrImage | undefined {
  const m = image ? /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?::([^@]+))?(?:@.+)?$/.exec(image) : null;
  return m ? { account: m[1]!, region: m[2]!, repository: m[3]!, ...(m[4] ? { tag: m[4] } : {}) } : undefined;
}

/**
 * Repositories of SageMaker's built-in algorithms (aws/sagemaker-python-sdk src/sagemaker/image_uri_config/*.json,
 * `repository` of each algorithm; `xgboost` is the legacy built-in 0.72 image, `sagemaker-xgboost` the open-source
 * framework container). Their artifacts are read only by these images.
 */
export const BUILT_IN_ALGORITHM_REPOSITORIES: ReadonlySet<string> = new Set([
  'blazingtext',
  'factorization-machines',
  'forecasting-deepar',
  'image-classification',
  'image-classification-neo',
  'ipinsights',
  'kmeans',
  'knn',
  'lda',
  'linear-learner',
  'ntm',
  'object-detection',
  'object2vec',
  'pca',
  'randomcutforest',
  'semantic-segmentation',
  'seq2seq',
  'xgboost',
  'xgboost-neo',
]);

/**
 * AWS-built framework images (Deep Learning Containers and the SageMaker framework images), by repository name, in
 * AWS-owned accounts (763104351884 in most regions, other accounts in opt-in regions: hence the name, not the account).
 */
const FRAMEWORK_REPOSITORY = /^(pytorch|tensorflow|mxnet|huggingface|djl|autogluon|stabilityai|tei|tgi|vllm|sglang|sagemaker-(xgboost|scikit-learn|tritonserver|sparkml-serving|inference-toolkit)|neo-|inferentia-|pytorch-neuron)/;

/** JumpStart's catalog buckets (`jumpstart-cache-prod-<region>`, gated models in `jumpstart-private-cache-prod-<region>`). */
const JUMPSTART_BUCKET = /^s3:\/\/jumpstart-(?:private-)?cache-prod-[a-z0-9-]+\/([^/]+)\/?([^/]*)/;

export interface AwsContainerParts {
  name: string;
  variant?: string;
  image?: string;
  artifactUri?: string;
  /** ModelPackageName (inference) or AlgorithmName (training): a name or an ARN. */
  packageName?: string;
  /** The workload's own account: images there are the customer's. */
  ownAccount: string;
}

const ARN_ACCOUNT = /^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:(\d{12}):(?:model-package|algorithm)\/(.+)$/;

export function classifyAwsContainer(p: AwsContainerParts): ServedModel {
  const base = { name: p.name, ...(p.variant ? { variant: p.variant } : {}), ...(p.image ? { image: p.image } : {}), ...(p.artifactUri ? { artifactUri: p.artifactUri } : {}) };
  const framework = frameworkOf(p.image, p.artifactUri?.endsWith('.onnx') ? 'onnx' : undefined);
  const compiled = compiledFor(p.image);
  const extras = { ...(framework ? { framework } : {}), ...(compiled ? { compiledFor: compiled } : {}) };
  if (p.packageName) {
    const arn = ARN_ACCOUNT.exec(p.packageName);
    // A package (or algorithm) of another account is a marketplace listing run as a black box; a bare name or an ARN
    // of the own account is the customer's Model Registry.
    if (arn && arn[1] !== p.ownAccount) {
      const listing = arn[2]!.replace(/-[0-9a-f]{32}$/, '');
      return { ...base, ...extras, source: 'model-package', proprietary: true, publisher: listing, basis: `runs ${listing} of AWS account ${arn[1]} (an AWS Marketplace package: image and weights stay with the seller)` };
    }
    return { ...base, ...extras, source: 'custom-container', publisher: p.packageName, basis: `runs ${p.packageName} of its own account (Model Registry package or algorithm)` };
  }
  const ecr = parseEcrImage(p.image);
  if (!p.image) return { ...base, source: 'unknown', basis: 'the API named no container image' };
  if (!ecr) return { ...base, ...extras, source: 'custom-container', basis: `image ${p.image} is outside Amazon ECR (a private registry of its own)` };
  if (ecr.account === p.ownAccount) return { ...base, ...extras, source: 'custom-container', basis: `image in the account's own ECR repository ${ecr.repository}` };
  if (BUILT_IN_ALGORITHM_REPOSITORIES.has(ecr.repository)) {
    return { ...base, framework: framework ?? ecr.repository, source: 'built-in-algorithm', basis: `SageMaker built-in algorithm ${ecr.repository}: its artifact is read only by AWS's image` };
  }
  if (FRAMEWORK_REPOSITORY.test(ecr.repository)) {
    const jumpstart = p.artifactUri ? JUMPSTART_BUCKET.exec(p.artifactUri) : null;
    if (jumpstart) {
      const entry = [jumpstart[1], jumpstart[2]].filter(Boolean).join('/');
      return { ...base, ...extras, source: 'foundation-catalog', proprietary: false, publisher: `JumpStart ${entry}`, basis: `SageMaker JumpStart model ${entry} on AWS's ${ecr.repository} image (open weights)` };
    }
    return { ...base, ...extras, source: 'framework-container', basis: `AWS-built ${ecr.repository} image${compiled ? ' (compiled for AWS Neuron)' : ''}: the framework's public image can replace it` };
  }
  return { ...base, ...extras, source: 'custom-container', basis: `image in ECR of account ${ecr.account} (a shared registry)` };
}
