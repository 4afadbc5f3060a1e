/** Types for scripts/check-template.mjs (a plain Node script so CI can run it without a TypeScript loader). */
import type { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';

export type SpecDatabase = ReturnType<typeof loadAwsServiceSpecSync>;

export interface TemplateProblem {
  /** JSON path into the template, e.g. `Resources.StateTable.Properties.KeySchema[0].KeyType`. */
  readonly path: string;
  readonly message: string;
}

export declare const DEFAULT_TEMPLATE_PATH: string;
/** Loads (once per process) the CloudFormation resource spec bundled with @aws-cdk/aws-service-spec. */
export declare function loadSpec(): SpecDatabase;
/** Every problem in a parsed template; empty when it matches the spec. */
export declare function checkTemplate(template: unknown, spec?: SpecDatabase): TemplateProblem[];
