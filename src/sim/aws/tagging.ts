import type { GetResourcesInput, GetResourcesOutput } from '@aws-sdk/client-resource-groups-tagging-api';
import { AwsServiceError, type AwsCallContext, type AwsJsonService, type FaultErrorKind, type Wire } from '../protocol/aws-json';
import { tagValue } from '../fleet-model';
import { arnIndex, existsAt, type TaggedResource } from './arn-index';
import { commonFaultError } from './fault-errors';
import { cachedRows } from './listing-cache';
import { paginate, queryFingerprint } from './paging';

function invalid(message: string): never {
  throw new AwsServiceError('InvalidParameterException', message);
}

/**
 * GetResources: only resources that carry tags are returned (the Tagging API knows resources through their tags),
 * and the last page has `PaginationToken: ""`, not an absent token.
 */
export function getResources(input: Wire<GetResourcesInput>, ctx: AwsCallContext): GetResourcesOutput {
  const perPage = input.ResourcesPerPage ?? 50;
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) invalid(`ResourcesPerPage must be between 1 and 100, got ${perPage}`);
  if (input.ResourceARNList && (input.TagFilters?.length || input.ResourceTypeFilters?.length)) {
    invalid('ResourceARNList cannot be combined with TagFilters or ResourceTypeFilters');
  }
  const typeFilters = (input.ResourceTypeFilters ?? []).map((f) => {
    if (!/^[a-z0-9-]+(:[a-z0-9-]+)?$/.test(f)) invalid(`Invalid resource type filter: ${f}`);
    return f;
  });
  const tagFilters = input.TagFilters ?? [];
  const arnList = input.ResourceARNList ? new Set(input.ResourceARNList.map((a) => a.toLowerCase())) : undefined;

  const matches = (r: TaggedResource) => {
    if (r.region !== ctx.region || Object.keys(r.tags).length === 0 || !existsAt(r, ctx.nowMs)) return false;
    if (arnList && !arnList.has(r.arn.toLowerCase())) return false;
    if (typeFilters.length && !typeFilters.some((f) => r.resourceType === f || r.resourceType.startsWith(`${f}:`))) return false;
    return tagFilters.every((f) => {
      const value = tagValue(r.tags, f.Key ?? '');
      return value !== undefined && (!f.Values?.length || f.Values.includes(value));
    });
  };
  const fingerprint = queryFingerprint(input as Record<string, unknown>, ['PaginationToken', 'ResourcesPerPage']);
  const all = cachedRows(ctx.state, `GetResources|${ctx.region}|${ctx.nowMs}|${fingerprint}`, () =>
    [...arnIndex(ctx.state).values()].filter(matches).sort((a, b) => (a.arn < b.arn ? -1 : 1)),
  );
  const page = paginate(
    all,
    input.PaginationToken || undefined,
    perPage,
    fingerprint,
    () => new AwsServiceError('PaginationTokenExpiredException', 'The pagination token is invalid or has expired.'),
  );
  return {
    ResourceTagMappingList: page.items.map((r) => ({ ResourceARN: r.arn, Tags: Object.entries(r.tags).map(([Key, Value]) => ({ Key, Value })) })),
    PaginationToken: page.nextToken ?? '',
  };
}

/** Resource Groups Tagging API: awsJson1_1, `X-Amz-Target: ResourceGroupsTaggingAPI_20170126.<Operation>`. */
export const taggingService: AwsJsonService = {
  service: 'Tagging',
  targetPrefix: 'ResourceGroupsTaggingAPI_20170126',
  jsonVersion: '1.1',
  queryCompatible: false,
  iamPrefix: 'tag',
  operations: { GetResources: getResources },
  faultError: (kind: FaultErrorKind, operation: string, account: string) => {
    if (kind === 'throttle') return new AwsServiceError('ThrottledException', 'Rate exceeded');
    if (kind === 'server-error') return new AwsServiceError('InternalServiceException', 'Internal service error', 500);
    return commonFaultError(kind, 'tag', operation, account);
  },
};
