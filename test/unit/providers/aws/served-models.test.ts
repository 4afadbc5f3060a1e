import { describe, expect, it } from 'vitest';
import { modelsToDescribe } from '../../../../src/providers/aws/sagemaker-models';
import { servedModels, trainingContainer } from '../../../../src/providers/aws/served-models';

const ARN = 'arn:aws:sagemaker:us-east-1:123456789012:endpoint/ep';
const own = '123456789012.dkr.ecr.us-east-1.amazonaws.com/ranker:7';
const dlc = '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.3.0-gpu-py311';

function parts(images: Record<string, string | undefined>) {
  return {
    endpoint: {
      EndpointArn: ARN,
      ProductionVariants: Object.entries(images).map(([VariantName, image]) => ({ VariantName, ...(image ? { DeployedImages: [{ SpecifiedImage: image }] } : {}) })),
    },
    config: { ProductionVariants: Object.keys(images).map((VariantName) => ({ VariantName, ModelName: `${VariantName}-model` })) },
    inferenceComponents: [],
  };
}

describe('which SageMaker models need DescribeModel', () => {
  it('skips variants whose deployed image is in the own account, asks for the others and for variants with no image yet', () => {
    expect(modelsToDescribe(parts({ a: own, b: dlc, c: undefined }) as never)).toEqual(['b-model', 'c-model']);
  });
  it('asks for inference components that name a model, not for those that name a container', () => {
    const p = {
      endpoint: { EndpointArn: ARN },
      config: { ProductionVariants: [{ VariantName: 'v', InstanceType: 'ml.g5.12xlarge' }] },
      inferenceComponents: [
        { InferenceComponentName: 'ic1', Specification: { ModelName: 'm1' } },
        { InferenceComponentName: 'ic2', Specification: { Container: { DeployedImage: { SpecifiedImage: dlc } } } },
      ],
    };
    expect(modelsToDescribe(p as never)).toEqual(['m1']);
  });
});

describe('what a SageMaker endpoint serves', () => {
  it('is undefined when models were not looked up, and classifies DeployedImages or the described model otherwise', () => {
    const p = parts({ a: own, b: dlc });
    expect(servedModels(p as never)).toBeUndefined();
    const described = new Map([['b-model', { ModelName: 'b-model', PrimaryContainer: { Image: dlc, ModelDataUrl: 's3://jumpstart-cache-prod-us-east-1/huggingface-llm/x/' } }]]);
    const served = servedModels({ ...p, models: described } as never)!;
    expect(served.map((m) => [m.name, m.variant, m.source])).toEqual([
      ['a-model', 'a', 'custom-container'],
      ['b-model', 'b', 'foundation-catalog'],
    ]);
  });
  it('takes the least portable container of an inference pipeline, proprietary if any is', () => {
    const model = { ModelName: 'pipe', Containers: [{ Image: own }, { ModelPackageName: 'arn:aws:sagemaker:us-east-1:865070037744:model-package/vendor-x' }] };
    const [m] = servedModels({ ...parts({ a: dlc }), config: { ProductionVariants: [{ VariantName: 'a', ModelName: 'pipe' }] }, models: new Map([['pipe', model]]) } as never)!;
    expect(m).toMatchObject({ name: 'pipe', source: 'model-package', proprietary: true, basis: expect.stringContaining('least portable of 2 containers') });
  });
  it('reads a training job\'s algorithm from DescribeTrainingJob', () => {
    expect(trainingContainer({ TrainingJobName: 'j', TrainingJobArn: 'arn:aws:sagemaker:us-east-1:123456789012:training-job/j', AlgorithmSpecification: { TrainingImage: '382416733822.dkr.ecr.us-east-1.amazonaws.com/forecasting-deepar:1', TrainingInputMode: 'File' } } as never)).toMatchObject({ source: 'built-in-algorithm' });
    expect(trainingContainer({ TrainingJobName: 'j' } as never)).toBeUndefined();
  });
});
