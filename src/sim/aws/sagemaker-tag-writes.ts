import type { AddTagsInput, AddTagsOutput, DeleteTagsInput } from '@aws-sdk/client-sagemaker';
import { AwsServiceError, type AwsCallContext, type Wire } from '../protocol/aws-json';
import { constraintError } from './paging';
import { findTagged } from './sagemaker-tags';
import { MAX_TAGS_PER_RESOURCE, required, sageMakerTags } from './validate';

/**
 * AddTags: adds or overwrites tags on any taggable SageMaker resource by ARN; a resource holds at most 50 tags.
 * The tags object is the resource's own, so ListTags, the Tagging API and Cost Explorer see the change.
 */
export function addTags(input: Wire<AddTagsInput>, ctx: AwsCallContext): AddTagsOutput {
  const r = findTagged(ctx, required('ResourceArn', input.ResourceArn));
  const tags = sageMakerTags('Tags', required('Tags', input.Tags));
  const after = new Set([...Object.keys(r.tags), ...Object.keys(tags)]);
  if (after.size > MAX_TAGS_PER_RESOURCE) {
    throw new AwsServiceError('ResourceLimitExceeded', `A resource can have at most ${MAX_TAGS_PER_RESOURCE} tags; ${r.arn} would have ${after.size}.`);
  }
  Object.assign(r.tags, tags);
  return { Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) };
}

/** DeleteTags: removes the keys given (1..50); keys the resource does not carry are ignored. */
export function deleteTags(input: Wire<DeleteTagsInput>, ctx: AwsCallContext): object {
  const r = findTagged(ctx, required('ResourceArn', input.ResourceArn));
  const keys = required('TagKeys', input.TagKeys);
  if (keys.length < 1 || keys.length > 50) throw constraintError('TagKeys', `[${keys.length} keys]`, 'have length between 1 and 50');
  for (const k of keys) delete r.tags[k];
  return {};
}
