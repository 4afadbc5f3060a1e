import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * Helpers for the template test: get the packaged CloudFormation template (from CI's `serverless package` via
 * WATCHDOG_TEMPLATE_PATH, or by packaging into a temp dir) and read IAM and zip contents out of it.
 */

export const REPO_ROOT = resolve(__dirname, '..', '..');
const TEMPLATE_FILE = 'cloudformation-template-update-stack.json';

export interface CfnResource {
  Type: string;
  Condition?: string;
  Properties?: Record<string, any>;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}
export interface CfnTemplate {
  Conditions?: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown }>;
}

export interface Packaged {
  template: CfnTemplate;
  templatePath: string;
  /** Directory holding the function zips next to the template. */
  artifactDir: string;
}

/**
 * CI packages once and passes WATCHDOG_TEMPLATE_PATH; otherwise package now with the repo's osls, into a
 * fresh temp dir so a developer's own `.serverless/` is never overwritten. Needs no AWS credentials.
 */
export function loadPackagedTemplate(env: NodeJS.ProcessEnv = process.env): Packaged {
  const given = env.WATCHDOG_TEMPLATE_PATH?.trim();
  let templatePath: string;
  if (given) {
    templatePath = resolve(REPO_ROOT, given);
    if (!existsSync(templatePath)) throw new Error(`WATCHDOG_TEMPLATE_PATH=${given} does not exist; run \`npx serverless package\` first`);
  } else {
    const outDir = mkdtempSync(join(tmpdir(), 'ml-watchdog-package-'));
    const slsBin = createRequire(join(REPO_ROOT, 'package.json')).resolve('osls/bin/serverless.js');
    try {
      execFileSync(process.execPath, [slsBin, 'package', '--package', outDir, '--stage', 'dev', '--region', 'us-east-1'], {
        cwd: REPO_ROOT,
        env: { ...env, SLS_DEPRECATION_NOTIFICATION_MODE: 'error' },
        stdio: 'pipe',
        timeout: 180_000,
      });
    } catch (err) {
      const e = err as { stdout?: Buffer; stderr?: Buffer; message: string };
      throw new Error(`serverless package failed:\n${e.stdout?.toString() ?? ''}\n${e.stderr?.toString() ?? e.message}`);
    }
    templatePath = join(outDir, TEMPLATE_FILE);
  }
  const template = JSON.parse(readFileSync(templatePath, 'utf8')) as CfnTemplate;
  return { template, templatePath, artifactDir: dirname(templatePath) };
}

export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

export function resource(template: CfnTemplate, logicalId: string): CfnResource {
  const found = template.Resources[logicalId];
  if (!found) throw new Error(`the template has no resource ${logicalId}`);
  return found;
}

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

export const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** The IAM role a function runs as: its `Role: !GetAtt X.Arn` must name a role defined in this template. */
export function roleOf(template: CfnTemplate, functionLogicalId: string): { roleId: string; role: CfnResource } {
  const ref = resource(template, functionLogicalId).Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined;
  const roleId = ref?.['Fn::GetAtt']?.[0];
  if (!roleId || ref?.['Fn::GetAtt']?.[1] !== 'Arn') throw new Error(`${functionLogicalId} does not use a role from this template`);
  return { roleId, role: resource(template, roleId) };
}

const statementsOfDocument = (document: unknown): Statement[] => asArray((document as { Statement?: Statement | Statement[] } | undefined)?.Statement);

/** The statements of the role's own inline policies (`Policies`): what it has whatever the deploy params. */
export function inlineStatements(template: CfnTemplate, roleId: string): Statement[] {
  return asArray(resource(template, roleId).Properties?.Policies as { PolicyDocument: unknown }[]).flatMap((p) => statementsOfDocument(p.PolicyDocument));
}

/** AWS::IAM::Policy and ManagedPolicy resources of the template that attach to the role (possibly under a Condition). */
export function policiesAttachedTo(template: CfnTemplate, roleId: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(
    ([, r]) =>
      (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy') &&
      asArray(r.Properties?.Roles as unknown[]).some((x) => JSON.stringify(x) === JSON.stringify({ Ref: roleId })),
  );
}

/**
 * Every statement that can grant the role permissions: its inline policies plus every policy resource attached to
 * it, conditional ones included (so "exactly these actions" cannot be dodged).
 */
export function statementsForRole(template: CfnTemplate, roleId: string): Statement[] {
  return [
    ...inlineStatements(template, roleId),
    ...policiesAttachedTo(template, roleId).flatMap(([, p]) => statementsOfDocument(p.Properties?.PolicyDocument)),
  ];
}

export function policyStatements(policy: CfnResource): Statement[] {
  return statementsOfDocument(policy.Properties?.PolicyDocument);
}

/** The text of a literal or `!Sub` string, else undefined (a GetAtt, Join, ...). */
export const subText = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof (value as { 'Fn::Sub'?: unknown })?.['Fn::Sub'] === 'string' ? (value as { 'Fn::Sub': string })['Fn::Sub'] : undefined;

/**
 * A statement resource written as the code declares ARN patterns: `${AWS::Partition}` becomes `aws` and
 * `${AWS::AccountId}` becomes `*` (the template narrows the declared `*` account to its own). Anything that is not
 * a string or a `!Sub` string is returned as JSON so that it can never equal a declared pattern.
 */
export function declaredForm(value: unknown): string {
  const text = subText(value);
  return text === undefined ? JSON.stringify(value) : text.replaceAll('${AWS::Partition}', 'aws').replaceAll('${AWS::AccountId}', '*');
}

/** Every `action resource` pair the Allow statements grant (a statement grants each of its actions on each resource). */
export function grantedPairs(statements: Statement[]): string[] {
  const pairs = new Set<string>();
  for (const s of statements.filter((st) => st.Effect === 'Allow')) {
    for (const action of asArray(s.Action)) for (const r of asArray(s.Resource)) pairs.add(`${action} ${declaredForm(r)}`);
  }
  return [...pairs].sort();
}

export function actionsOf(statements: Statement[]): string[] {
  return [...new Set(statements.filter((s) => s.Effect === 'Allow').flatMap((s) => asArray(s.Action)))].sort();
}

/** Names of the files inside a zip, read from its central directory (no unzip binary, no dependency). */
export function zipEntryNames(path: string): string[] {
  const zip = readFileSync(path);
  const EOCD = 0x06054b50;
  const CENTRAL = 0x02014b50;
  let eocd = -1;
  // The end-of-central-directory record is within the last 64 KiB + 22 bytes (its comment is at most 65535 bytes).
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${path} is not a zip file`);
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(offset) !== CENTRAL) throw new Error(`${path}: corrupt central directory at ${offset}`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    names.push(zip.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/**
 * Unpacks a function zip into `dir`, reading sizes from the central directory (local headers may defer them to a
 * data descriptor). Stored and deflated entries only, which is what serverless-esbuild writes.
 */
export function extractZip(path: string, dir: string): void {
  const zip = readFileSync(path);
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${path} is not a zip file`);
  let offset = zip.readUInt32LE(eocd + 16);
  for (let n = zip.readUInt16LE(eocd + 10); n > 0; n--) {
    const method = zip.readUInt16LE(offset + 10);
    const size = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const local = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + zip.readUInt16LE(offset + 30) + zip.readUInt16LE(offset + 32);
    if (name.endsWith('/')) continue;
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(start, start + size);
    const target = join(dir, name);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, method === 8 ? inflateRawSync(data) : data);
  }
}
