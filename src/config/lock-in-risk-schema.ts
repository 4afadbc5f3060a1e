import { z } from 'zod';

const weight = (def: number, what: string) => z.number().min(0).max(100).default(def).describe(what);

/**
 * `detectors.lock-in-risk` of the config file (src/config/schema.ts). The score of a workload is
 * 100 x sum(weight x factor) / sum(weights), each factor between 0 and 1, so the weights need not add up to 100.
 */
export const lockInRiskSchema = z.strictObject({
  enabled: z
    .boolean()
    .default(true)
    .describe('Score every endpoint and running training job for vendor lock-in and report those at or above alertLevel. Also turns on the model lookups (SageMaker DescribeModel, Vertex AI models.get) that the score needs.'),
  alertLevel: z.number().min(1).max(100).default(60).describe('Report a workload whose lock-in score (0-100) is at or above this level; the weekly report shows every score.'),
  weights: z
    .strictObject({
      proprietaryAccelerator: weight(35, 'Runs on a cloud-proprietary accelerator: AWS Inferentia or Trainium, Google TPU (Habana Gaudi counts half).'),
      platformServing: weight(
        30,
        'Serving stack only the platform runs: built-in algorithm or AutoML artifact, marketplace packages and proprietary catalog models count fully, an open-weight catalog model on the platform\'s container and a Neuron/TPU-compiled artifact 0.6 (0.3 on the customer\'s own container), an open framework on the platform\'s prebuilt image 0.3, a custom container 0.',
      ),
      proprietaryModel: weight(20, 'Serves a foundation model whose weights exist only on this platform (Azure OpenAI, Gemini, a marketplace vendor\'s package).'),
      commitments: weight(10, 'The workload\'s account pays a 1-3 year commitment (Savings Plans, committed use discounts, reservations) in the billing window.'),
      cloudConcentration: weight(5, 'Share of all ML platform spend in the workload\'s cloud: nothing at or below concentrationFromPct, all of the weight at 100 %.'),
    })
    .prefault({})
    .describe('Weight of each factor (relative; the score is normalised to 0-100).'),
  concentrationFromPct: z
    .number()
    .min(0)
    .max(99)
    .default(50)
    .describe('Concentration counts from this share of ML platform spend in one cloud (linear up to 100 %).'),
  includeTrainingJobs: z.boolean().default(true).describe('Score running training jobs as well as endpoints.'),
});
