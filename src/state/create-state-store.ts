import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { isAbsolute, resolve } from 'node:path';
import type { WatchdogConfig } from '../config/schema';
import { DynamoStateStore } from './dynamo-state-store';
import { FileStateStore } from './file-state-store';
import type { StateStore } from './state-store';

export interface StateStoreDeps {
  now: () => Date;
  /** Base folder for a relative `state.file`; defaults to process.cwd(). */
  cwd?: string;
  /** DocumentClient for the dynamodb backend; built from `state.endpointUrl` and `region` when omitted. */
  documentClient?: DynamoDBDocumentClient;
  /** Region for a DocumentClient built here; otherwise the SDK's default chain (AWS_REGION on Lambda). */
  region?: string;
}

/** A DocumentClient for the state table. Lambda's runtime provides region and credentials through the environment. */
export function createStateDocumentClient(state: WatchdogConfig['state'], region?: string): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...(region ? { region } : {}),
    ...(state.endpointUrl ? { endpoint: state.endpointUrl } : {}),
  });
  // removeUndefinedValues: callers' optional fields (AlertRecord.currency ...) must not fail marshalling.
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** Picks the adapter for `state.backend`: `file` for the CLI, `dynamodb` for Lambda. */
export function createStateStore(state: WatchdogConfig['state'], deps: StateStoreDeps): StateStore {
  if (state.backend === 'dynamodb') {
    return new DynamoStateStore({
      client: deps.documentClient ?? createStateDocumentClient(state, deps.region),
      tableName: state.tableName,
      findingsTtlDays: state.findingsTtlDays,
      now: deps.now,
    });
  }
  const file = isAbsolute(state.file) ? state.file : resolve(deps.cwd ?? process.cwd(), state.file);
  return new FileStateStore({ file, findingsTtlDays: state.findingsTtlDays, now: deps.now });
}
