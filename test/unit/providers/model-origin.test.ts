import { describe, expect, it } from 'vitest';
import { classifyAwsContainer, parseEcrImage } from '../../../src/providers/aws/model-origin';
import { classifyAzureDeployment } from '../../../src/providers/azure/model-origin';
import { classifyVertexImage, classifyVertexModel } from '../../../src/providers/gcp/model-origin';

const OWN = '123456789012';

describe('AWS containers', () => {
  const aws = (image?: string, more: { artifactUri?: string; packageName?: string } = {}) => classifyAwsContainer({ name: 'm', image, ownAccount: OWN, ...more });

  it('parses ECR image URIs, with tags and digests', () => {
    expect(parseEcrImage('382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1')).toEqual({ account: '382416733822', region: 'us-east-1', repository: 'linear-learner', tag: '1' });
    expect(parseEcrImage('123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/model@sha256:abc')).toMatchObject({ repository: 'team/model' });
    expect(parseEcrImage('docker.io/library/nginx')).toBeUndefined();
  });

  it('an image in the own account is a custom container', () => {
    expect(aws(`${OWN}.dkr.ecr.us-east-1.amazonaws.com/ranker:3`)).toMatchObject({ source: 'custom-container' });
  });

  it('a built-in algorithm repository of an AWS account is built-in, whatever the region account', () => {
    expect(aws('382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1')).toMatchObject({ source: 'built-in-algorithm', framework: 'linear-learner' });
    expect(aws('811284229777.dkr.ecr.us-east-1.amazonaws.com/xgboost:1')).toMatchObject({ source: 'built-in-algorithm' });
  });

  it('an AWS framework image is a framework container; Neuron builds are marked compiled', () => {
    expect(aws('763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.3.0-gpu-py311')).toMatchObject({ source: 'framework-container', framework: 'pytorch' });
    expect(aws('683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1')).toMatchObject({ source: 'framework-container', framework: 'xgboost' });
    expect(aws('763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference-neuronx:2.1.2-neuronx-py310')).toMatchObject({ compiledFor: 'aws-neuron' });
    expect(aws(`${OWN}.dkr.ecr.us-east-1.amazonaws.com/onnx-server:1`, { artifactUri: 's3://b/model.onnx' })).toMatchObject({ source: 'custom-container', framework: 'onnx' });
    // A repository named after the instance type is no sign of a Neuron build.
    expect(aws(`${OWN}.dkr.ecr.us-east-1.amazonaws.com/inf2-ranker:1`).compiledFor).toBeUndefined();
  });

  it('a JumpStart artifact on an AWS image is a catalog model with open weights', () => {
    const m = aws('763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.29.0-neuronx-sdk2.19.1', { artifactUri: 's3://jumpstart-cache-prod-us-east-1/meta-textgeneration/meta-textgeneration-llama-3-8b/artifacts/' });
    expect(m).toMatchObject({ source: 'foundation-catalog', proprietary: false, publisher: 'JumpStart meta-textgeneration/meta-textgeneration-llama-3-8b' });
  });

  it('a model package of another account is a proprietary marketplace package; one of the own account is custom', () => {
    const pkg = aws(undefined, { packageName: 'arn:aws:sagemaker:us-east-1:865070037744:model-package/cohere-rerank-v3-13dba038aab73b11b3f0b17fbdb48ea0' });
    expect(pkg).toMatchObject({ source: 'model-package', proprietary: true, publisher: 'cohere-rerank-v3' });
    expect(aws(undefined, { packageName: `arn:aws:sagemaker:us-east-1:${OWN}:model-package/churn/3` })).toMatchObject({ source: 'custom-container' });
  });

  it('another account\'s unknown repository is a shared registry (custom); no image is unknown', () => {
    expect(aws('210987654321.dkr.ecr.us-east-1.amazonaws.com/platform/base-serving:7')).toMatchObject({ source: 'custom-container' });
    expect(aws(undefined)).toMatchObject({ source: 'unknown' });
  });
});

describe('Vertex AI models', () => {
  const name = 'projects/1/locations/us-central1/models/9';
  it('prebuilt prediction containers are framework containers; TPU builds are compiled', () => {
    expect(classifyVertexModel({ name, containerSpec: { imageUri: 'us-docker.pkg.dev/vertex-ai/prediction/sklearn-cpu.1-3:latest' } })).toMatchObject({ source: 'framework-container', framework: 'sklearn' });
    expect(classifyVertexModel({ name, containerSpec: { imageUri: 'us-docker.pkg.dev/vertex-ai/prediction/tf2-tpu.2-15:latest' } })).toMatchObject({ source: 'framework-container', compiledFor: 'google-tpu' });
  });
  it('a container of the customer is custom', () => {
    expect(classifyVertexModel({ name, containerSpec: { imageUri: 'us-central1-docker.pkg.dev/acme/serving/ranker:1' } })).toMatchObject({ source: 'custom-container' });
  });
  it('a model with no container (AutoML, BigQuery ML) is built-in and says whether it exports', () => {
    expect(classifyVertexModel({ name, modelSourceInfo: { sourceType: 'AUTOML' }, supportedExportFormats: [{ id: 'tflite' }] })).toMatchObject({ source: 'built-in-algorithm', basis: expect.stringContaining('tflite') });
    expect(classifyVertexModel({ name, modelSourceInfo: { sourceType: 'BQML' } }).basis).toMatch(/BigQuery ML/);
  });
  it('Model Garden: Google\'s closed models are proprietary, open-weight ones are not', () => {
    const gemini = classifyVertexModel({ name, modelSourceInfo: { sourceType: 'MODEL_GARDEN' }, baseModelSource: { modelGardenSource: { publicModelName: 'publishers/google/models/gemini-1.5-flash-002' } } });
    expect(gemini).toMatchObject({ source: 'foundation-catalog', proprietary: true, publisher: 'publishers/google/models/gemini-1.5-flash-002' });
    const gemma = classifyVertexModel({ name, modelSourceInfo: { sourceType: 'MODEL_GARDEN' }, containerSpec: { imageUri: 'us-docker.pkg.dev/vertex-ai/vertex-vision-model-garden-dockers/pytorch-vllm-serve:latest' }, baseModelSource: { modelGardenSource: { publicModelName: 'publishers/google/models/gemma2' } } });
    expect(gemma).toMatchObject({ source: 'foundation-catalog', proprietary: false, framework: 'vllm' });
  });
  it('custom job images: prebuilt training containers are framework containers', () => {
    expect(classifyVertexImage('us-docker.pkg.dev/vertex-ai/training/pytorch-xla.2-1.py310:latest', 'job')).toMatchObject({ source: 'framework-container', compiledFor: 'google-tpu' });
  });
});

describe('Azure ML deployments', () => {
  it('an azure-openai registry model is a proprietary catalog model', () => {
    expect(classifyAzureDeployment({ deployment: 'blue', model: 'azureml://registries/azure-openai/models/gpt-4o/versions/2' })).toMatchObject({ source: 'foundation-catalog', proprietary: true, publisher: 'azure-openai/gpt-4o' });
  });
  it('other registry models are catalog models with open weights', () => {
    expect(classifyAzureDeployment({ deployment: 'blue', model: 'azureml://registries/azureml-meta/models/Llama-2-7b/versions/3' })).toMatchObject({ source: 'foundation-catalog', proprietary: false });
  });
  it('a curated environment is a framework container, the workspace\'s own environment a custom one', () => {
    expect(classifyAzureDeployment({ deployment: 'blue', model: 'azureml:fraud:1', environmentId: 'azureml://registries/azureml/environments/sklearn-1.5/versions/8' })).toMatchObject({ source: 'framework-container', framework: 'sklearn' });
    expect(classifyAzureDeployment({ deployment: 'blue', model: 'azureml:fraud:1', environmentId: 'azureml:AzureML-ACPT-pytorch-2.2-cuda12.1:10' })).toMatchObject({ source: 'framework-container', framework: 'pytorch' });
    expect(classifyAzureDeployment({ deployment: 'blue', model: 'azureml:fraud:1', environmentId: 'azureml:fraud-env:3' })).toMatchObject({ source: 'custom-container' });
  });
  it('no environment is a no-code (MLflow) deployment on Azure\'s image', () => {
    expect(classifyAzureDeployment({ deployment: 'blue', model: 'azureml:support-llm:4' })).toMatchObject({ source: 'framework-container', framework: 'mlflow' });
  });
});
