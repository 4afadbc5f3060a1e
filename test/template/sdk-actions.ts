import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * Which IAM actions can a handler's code ask for? esbuild walks the handler's imports exactly as the bundler
 * does (so only reachable files count); each reachable file's AWS SDK imports (`XxxCommand`, `paginateXxx`)
 * are mapped to `service:Operation`. A unit test with a mocked client never hits IAM, so without this a new
 * SDK call ships and fails in production with AccessDenied.
 */

/** SDK package -> IAM service prefix. A package missing here fails the test rather than being ignored. */
const IAM_PREFIX: Record<string, string> = {
  '@aws-sdk/client-sagemaker': 'sagemaker',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
  '@aws-sdk/client-cost-explorer': 'ce',
  '@aws-sdk/client-resource-groups-tagging-api': 'tag',
  '@aws-sdk/client-dynamodb': 'dynamodb',
  '@aws-sdk/lib-dynamodb': 'dynamodb',
  '@aws-sdk/client-ssm': 'ssm',
  '@aws-sdk/client-secrets-manager': 'secretsmanager',
  '@aws-sdk/client-pricing': 'pricing',
  '@aws-sdk/client-lambda': 'lambda',
  '@aws-sdk/client-application-auto-scaling': 'application-autoscaling',
  '@aws-sdk/client-sts': 'sts',
  '@aws-sdk/client-s3': 's3',
};

/** lib-dynamodb's document commands drop the "Item(s)" of the operation they send. */
const DOCUMENT_COMMANDS: Record<string, string> = {
  Get: 'GetItem',
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  BatchGet: 'BatchGetItem',
  BatchWrite: 'BatchWriteItem',
  TransactGet: 'TransactGetItems',
  TransactWrite: 'TransactWriteItems',
  Query: 'Query',
  Scan: 'Scan',
  ExecuteStatement: 'PartiQLSelect',
};

/**
 * Operations whose IAM action has another name. Lambda: "Invoke ... requires permission for the
 * lambda:InvokeFunction action", and so does InvokeWithResponseStream (Lambda API reference).
 */
const IAM_ACTION_OF: Record<string, string> = {
  'lambda:Invoke': 'lambda:InvokeFunction',
  'lambda:InvokeWithResponseStream': 'lambda:InvokeFunction',
};

/** Powertools Parameters helpers -> the SSM operation they call. */
const POWERTOOLS_SSM: Record<string, string> = {
  getParameter: 'ssm:GetParameter',
  getParameters: 'ssm:GetParametersByPath',
  getParametersByName: 'ssm:GetParameters',
  SSMProvider: 'ssm:GetParameter',
};

/** Powertools Parameters secrets helpers -> the Secrets Manager operation they call. */
const POWERTOOLS_SECRETS: Record<string, string> = {
  getSecret: 'secretsmanager:GetSecretValue',
  SecretsProvider: 'secretsmanager:GetSecretValue',
};

export interface SdkAction {
  action: string;
  /** Source file that imports the command. */
  file: string;
}

/** Every AWS SDK / Powertools SSM or secrets import in a file, as IAM actions. Type-only imports are skipped. */
export function actionsInSource(source: string, file: string): SdkAction[] {
  const found: SdkAction[] = [];
  const pkgPattern = String.raw`(@aws-sdk\/[\w-]+|@aws-lambda-powertools\/parameters\/(?:ssm|secrets))`;
  // `import { A, type B } from 'pkg'` and the lazy form `const { A } = await import('pkg')`.
  const staticImports = source.matchAll(new RegExp(String.raw`import\s+(type\s+)?\{([^{}]*)\}\s*from\s*['"]${pkgPattern}['"]`, 'g'));
  const dynamicImports = source.matchAll(new RegExp(String.raw`()\{([^{}]*)\}\s*=\s*await\s+import\(\s*['"]${pkgPattern}['"]\s*\)`, 'g'));
  for (const [, typeOnly, specifiers = '', pkg = ''] of [...staticImports, ...dynamicImports]) {
    if (typeOnly) continue;
    for (const raw of specifiers.split(',')) {
      const name = raw.trim().split(/\s+as\s+|\s*:\s*/)[0]?.trim() ?? '';
      if (!name || name.startsWith('type ')) continue;
      if (pkg === '@aws-lambda-powertools/parameters/ssm') {
        const action = POWERTOOLS_SSM[name];
        if (!action) throw new Error(`${file}: map ${name} from ${pkg} to its SSM action in test/template/sdk-actions.ts`);
        found.push({ action, file });
        continue;
      }
      if (pkg === '@aws-lambda-powertools/parameters/secrets') {
        const action = POWERTOOLS_SECRETS[name];
        if (!action) throw new Error(`${file}: map ${name} from ${pkg} to its Secrets Manager action in test/template/sdk-actions.ts`);
        found.push({ action, file });
        continue;
      }
      const operation = name.endsWith('Command') ? name.slice(0, -'Command'.length) : name.startsWith('paginate') ? name.slice('paginate'.length) : undefined;
      if (!operation) continue; // clients, types, enums, exceptions
      const prefix = IAM_PREFIX[pkg];
      if (!prefix) throw new Error(`${file}: add ${pkg} to IAM_PREFIX in test/template/sdk-actions.ts`);
      const op = pkg === '@aws-sdk/lib-dynamodb' ? DOCUMENT_COMMANDS[operation] : operation;
      if (!op) throw new Error(`${file}: map lib-dynamodb ${name} to its DynamoDB operation in test/template/sdk-actions.ts`);
      const action = `${prefix}:${op}`;
      found.push({ action: IAM_ACTION_OF[action] ?? action, file });
    }
  }
  return found;
}

/** Project source files (not node_modules) that the handler's bundle includes. */
export async function reachableSources(repoRoot: string, entry: string): Promise<string[]> {
  const result = await build({
    absWorkingDir: repoRoot,
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: 'cjs',
    packages: 'external',
    logLevel: 'silent',
  });
  return Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules'));
}

export async function actionsReachableFrom(repoRoot: string, entry: string): Promise<SdkAction[]> {
  const files = await reachableSources(repoRoot, entry);
  return files.flatMap((f) => actionsInSource(readFileSync(join(repoRoot, f), 'utf8'), f));
}
