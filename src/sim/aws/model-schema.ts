import { z } from 'zod';

/**
 * What a simulated SageMaker model runs (DescribeModel PrimaryContainer): an image and artifact, or a model package.
 * Without one, a model runs the customer's own image from the account's ECR (`<account>.dkr.ecr.<region>.amazonaws.com/
 * <endpoint>:latest`) with an artifact in the account's SageMaker bucket: the usual custom container.
 */
export const SageMakerModelSchema = z
  .strictObject({
    image: z
      .string()
      .regex(/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/[a-z0-9._/-]+(:[\w.-]+)?$/, 'an ECR image URI such as 763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.3.0-gpu')
      .optional()
      .describe('PrimaryContainer.Image'),
    modelDataUrl: z.string().regex(/^s3:\/\//, 'an s3:// URI').optional().describe('PrimaryContainer.ModelDataUrl'),
    modelPackageName: z
      .string()
      .regex(/^arn:aws:sagemaker:[a-z0-9-]+:\d{12}:model-package\/.+$/, 'a model package ARN')
      .optional()
      .describe('PrimaryContainer.ModelPackageName (an AWS Marketplace or JumpStart package): the model then has no Image of its own'),
  })
  .refine((m) => !(m.modelPackageName && m.image), { message: 'a model runs either a modelPackageName or an image', path: ['image'] });

export type SageMakerModelSpec = z.output<typeof SageMakerModelSchema>;

export const TrainingAlgorithmSchema = z
  .strictObject({
    trainingImage: z.string().regex(/^\d{12}\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com\/[a-z0-9._/-]+(:[\w.-]+)?$/, 'an ECR image URI').optional(),
    algorithmName: z.string().min(1).optional().describe('AlgorithmSpecification.AlgorithmName: an algorithm ARN (AWS Marketplace) or name'),
  })
  .refine((a) => (a.trainingImage === undefined) !== (a.algorithmName === undefined), { message: 'give exactly one of trainingImage or algorithmName', path: ['trainingImage'] });
