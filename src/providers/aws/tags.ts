import { GetResourcesCommand, type ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { ListTagsCommand, type SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { Tags } from '../../domain/cloud';
import { forEachPage, type AwsCallLog } from './call-log';
import { classifyAwsError, type AwsProviderError } from './errors';
import type { Limiter } from '../../lib/map-limit';
import { toTags } from './to-domain';

/** Resource types whose tags we read in bulk (Resource Groups Tagging API type names). */
export const TAGGED_RESOURCE_TYPES = ['sagemaker:endpoint', 'sagemaker:notebook-instance', 'sagemaker:training-job', 'sagemaker:app'];

/**
 * Tags keyed by lower-cased ARN. SageMaker lower-cases the resource part of many ARNs (an endpoint named
 * "My-Endpoint" has ARN .../endpoint/my-endpoint) and the Tagging API has been seen returning app ARNs with the
 * app type lower-cased, so lookups ignore case.
 */
export class TagIndex {
  private readonly byArn = new Map<string, Tags>();

  set(arn: string, tags: Tags): void {
    this.byArn.set(arn.toLowerCase(), tags);
  }

  has(arn: string): boolean {
    return this.byArn.has(arn.toLowerCase());
  }

  /** Untagged resources are absent from GetResources: no entry means no tags. */
  get(arn: string | undefined): Tags {
    return (arn && this.byArn.get(arn.toLowerCase())) || {};
  }

  get size(): number {
    return this.byArn.size;
  }
}

/** One paged GetResources sweep over the region: ~1 call per 100 tagged resources instead of 1 per resource. */
export async function fetchBulkTags(tagging: ResourceGroupsTaggingAPIClient, log: AwsCallLog): Promise<TagIndex> {
  const index = new TagIndex();
  await forEachPage(
    (PaginationToken) =>
      log.send('Tagging.GetResources', () =>
        tagging.send(new GetResourcesCommand({ ResourceTypeFilters: TAGGED_RESOURCE_TYPES, ResourcesPerPage: 100, PaginationToken })),
      ),
    (page) => page.PaginationToken,
    (page) => {
      for (const r of page.ResourceTagMappingList ?? []) if (r.ResourceARN) index.set(r.ResourceARN, toTags(r.Tags));
    },
  );
  return index;
}

/**
 * Fallback when tag:GetResources is denied: sagemaker:ListTags per resource. Its MaxResults has a MINIMUM of 50
 * (a smaller value is a ValidationException), so we ask for the maximum, 100, and page through the rest.
 */
export async function fetchTagsPerResource(
  sagemaker: SageMakerClient,
  log: AwsCallLog,
  arns: readonly string[],
  limit: Limiter,
  onFailure: (arn: string, error: AwsProviderError) => void,
): Promise<TagIndex> {
  const index = new TagIndex();
  await Promise.all(
    arns.map((arn) =>
      limit(async () => {
        const list: { Key?: string; Value?: string }[] = [];
        try {
          await forEachPage(
            (NextToken) => log.send('SageMaker.ListTags', () => sagemaker.send(new ListTagsCommand({ ResourceArn: arn, MaxResults: 100, NextToken }))),
            (page) => page.NextToken,
            (page) => void list.push(...(page.Tags ?? [])),
          );
          index.set(arn, toTags(list));
        } catch (err) {
          onFailure(arn, classifyAwsError(err, 'SageMaker.ListTags'));
        }
      }),
    ),
  );
  return index;
}
