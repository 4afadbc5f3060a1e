import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
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
  Properties?: Record<string, any>;
  DependsOn?: string | string[];
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
}
export interface CfnTemplate {
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

/**
 * Every statement granting permissions to the role: its inline policies plus any AWS::IAM::Policy or
 * ManagedPolicy in the template that attaches to it (so "exactly these actions" cannot be dodged).
 */
export function statementsForRole(template: CfnTemplate, roleId: string): Statement[] {
  const role = resource(template, roleId);
  const documents: unknown[] = asArray(role.Properties?.Policies as { PolicyDocument: unknown }[]).map((p) => p.PolicyDocument);
  for (const [, r] of Object.entries(template.Resources)) {
    if (r.Type !== 'AWS::IAM::Policy' && r.Type !== 'AWS::IAM::ManagedPolicy') continue;
    const roles = asArray(r.Properties?.Roles as unknown[]);
    if (roles.some((x) => JSON.stringify(x) === JSON.stringify({ Ref: roleId }))) documents.push(r.Properties?.PolicyDocument);
  }
  return documents.flatMap((d) => asArray((d as { Statement?: Statement | Statement[] }).Statement));
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
