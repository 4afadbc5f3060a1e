#!/usr/bin/env node
/**
 * Offline CloudFormation check of a packaged template against the resource schemas that
 * @aws-cdk/aws-service-spec ships (the CloudFormation registry schemas the CDK itself is generated from).
 *
 * Why not cfn-lint: the Python one is not installable here and the npm `cfn-lint` carries an outdated spec
 * that reports false errors on HTTP API resources (docs/deploy.md).
 *
 * Checks: every resource Type exists; resource attributes (DependsOn, DeletionPolicy, ...) are valid;
 * every property, nested property-type field and map/array element has a known name and a plausible shape;
 * required properties are present; string enums match; Ref / Fn::GetAtt / Fn::Sub targets exist and name
 * attributes the resource type really has. Values built by intrinsic functions are not type-checked
 * (their result is only known at deploy time).
 *
 * Usage: node scripts/check-template.mjs [path/to/cloudformation-template-update-stack.json]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadAwsServiceSpecSync } from '@aws-cdk/aws-service-spec';

export const DEFAULT_TEMPLATE_PATH = '.serverless/cloudformation-template-update-stack.json';

const RESOURCE_KEYS = new Set([
  'Type', 'Properties', 'DependsOn', 'Condition', 'DeletionPolicy', 'UpdateReplacePolicy',
  'Metadata', 'CreationPolicy', 'UpdatePolicy',
]);
const DELETION_POLICIES = new Set(['Delete', 'Retain', 'RetainExceptOnCreate', 'Snapshot']);
const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId', 'AWS::NotificationARNs', 'AWS::NoValue', 'AWS::Partition', 'AWS::Region',
  'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix',
]);
/** Custom resources return whatever attributes their handler chooses. */
const isCustomType = (type) => type.startsWith('Custom::') || type === 'AWS::CloudFormation::CustomResource';

let cachedSpec;
/** The spec database (about 0.7 s to load); cached for the life of the process. */
export function loadSpec() {
  cachedSpec ??= loadAwsServiceSpecSync();
  return cachedSpec;
}

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v);
/** `{ Ref: x }` or `{ 'Fn::Xxx': ... }`: its value is computed at deploy time. */
const isIntrinsic = (v) => {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0] === 'Condition' || keys[0].startsWith('Fn::'));
};
const describe = (v) => (Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/**
 * Checks a parsed template. Returns every problem found (empty when the template is valid);
 * `path` is a JSON path such as `Resources.Table.Properties.KeySchema[0].KeyType`.
 *
 * @param {unknown} template
 * @param {ReturnType<typeof loadSpec>} [spec]
 * @returns {{ path: string, message: string }[]}
 */
export function checkTemplate(template, spec = loadSpec()) {
  const problems = [];
  const report = (path, message) => problems.push({ path, message });
  if (!isObject(template) || !isObject(template.Resources)) {
    report('Resources', 'the template has no Resources object');
    return problems;
  }
  const resources = template.Resources;
  const parameters = isObject(template.Parameters) ? template.Parameters : {};
  const conditions = isObject(template.Conditions) ? template.Conditions : {};
  const specs = new Map();
  for (const [logicalId, resource] of Object.entries(resources)) {
    const path = `Resources.${logicalId}`;
    if (!isObject(resource) || typeof resource.Type !== 'string') {
      report(path, 'a resource needs a string Type');
      continue;
    }
    for (const key of Object.keys(resource)) if (!RESOURCE_KEYS.has(key)) report(`${path}.${key}`, 'unknown resource attribute');
    checkResourceAttributes(resource, path, resources, conditions, report);
    if (isCustomType(resource.Type)) continue;
    const found = spec.lookup('resource', 'cloudFormationType', 'equals', resource.Type);
    if (found.length === 0) {
      report(`${path}.Type`, `unknown resource type ${resource.Type}`);
      continue;
    }
    const resourceSpec = found[0];
    specs.set(logicalId, resourceSpec);
    if (resourceSpec.cloudFormationTransform && !hasTransform(template, resourceSpec.cloudFormationTransform)) {
      report(`${path}.Type`, `${resource.Type} needs Transform ${resourceSpec.cloudFormationTransform}`);
    }
    if (resource.Properties !== undefined && !isObject(resource.Properties)) {
      report(`${path}.Properties`, `expected an object, got ${describe(resource.Properties)}`);
      continue;
    }
    checkFields(resource.Properties ?? {}, resourceSpec.properties, `${path}.Properties`, spec, report);
  }
  const known = { resources, parameters, specs };
  walkIntrinsics(template.Resources, 'Resources', known, report);
  if (isObject(template.Outputs)) walkIntrinsics(template.Outputs, 'Outputs', known, report);
  return problems;
}

function hasTransform(template, name) {
  const t = template.Transform;
  return t === name || (Array.isArray(t) && t.includes(name));
}

function checkResourceAttributes(resource, path, resources, conditions, report) {
  const dependsOn = resource.DependsOn === undefined ? [] : [resource.DependsOn].flat();
  for (const target of dependsOn) {
    if (typeof target !== 'string' || !(target in resources)) report(`${path}.DependsOn`, `depends on unknown resource ${String(target)}`);
  }
  for (const key of ['DeletionPolicy', 'UpdateReplacePolicy']) {
    if (resource[key] !== undefined && !DELETION_POLICIES.has(resource[key])) report(`${path}.${key}`, `invalid policy ${String(resource[key])}`);
  }
  if (resource.Condition !== undefined && !(resource.Condition in conditions)) {
    report(`${path}.Condition`, `unknown condition ${String(resource.Condition)}`);
  }
}

/** Checks an object against a property map (a resource's or a property type's): names, required, values. */
function checkFields(value, properties, path, spec, report) {
  for (const [name, property] of Object.entries(properties)) {
    if (property.required && !(name in value)) report(`${path}.${name}`, 'missing required property');
  }
  for (const [name, fieldValue] of Object.entries(value)) {
    const property = properties[name];
    if (!property) {
      report(`${path}.${name}`, 'unknown property');
      continue;
    }
    checkValue(fieldValue, [property.type, ...(property.previousTypes ?? [])], `${path}.${name}`, spec, report);
  }
}

/** A value is valid when it matches any of the candidate types (current type first, then historical ones). */
function checkValue(value, candidates, path, spec, report) {
  if (isIntrinsic(value)) return;
  let best;
  for (const type of candidates.flatMap(expandUnion)) {
    const local = [];
    checkOne(value, type, path, spec, (p, m) => local.push({ path: p, message: m }));
    if (local.length === 0) return;
    if (!best || local.length < best.length) best = local;
  }
  for (const problem of best ?? []) report(problem.path, problem.message);
}

const expandUnion = (type) => (type.type === 'union' ? type.types.flatMap(expandUnion) : [type]);

function checkOne(value, type, path, spec, report) {
  switch (type.type) {
    case 'json':
      return;
    case 'string':
    case 'date-time':
      if (!isScalar(value)) return report(path, `expected a string, got ${describe(value)}`);
      if (type.allowedValues?.length && !type.allowedValues.includes(String(value))) {
        report(path, `${JSON.stringify(value)} is not one of ${type.allowedValues.join(', ')}`);
      }
      return;
    // CloudFormation converts between scalar types ("5" for 5, "true" for true), so only shape is checked.
    case 'number':
    case 'integer':
      if (!isScalar(value) || Number.isNaN(Number(value))) report(path, `expected a number, got ${describe(value)}`);
      return;
    case 'boolean':
      if (!isScalar(value) || !['true', 'false'].includes(String(value).toLowerCase())) report(path, `expected a boolean, got ${JSON.stringify(value)}`);
      return;
    case 'null':
      if (value !== null) report(path, `expected null, got ${describe(value)}`);
      return;
    case 'tag':
      if (!isObject(value)) return report(path, `expected a { Key, Value } tag, got ${describe(value)}`);
      return checkFields(value, TAG_FIELDS, path, spec, report);
    case 'array':
      if (!Array.isArray(value)) return report(path, `expected an array, got ${describe(value)}`);
      value.forEach((element, i) => checkValue(element, [type.element], `${path}[${i}]`, spec, report));
      return;
    case 'map':
      if (!isObject(value)) return report(path, `expected a map, got ${describe(value)}`);
      for (const [key, element] of Object.entries(value)) checkValue(element, [type.element], `${path}.${key}`, spec, report);
      return;
    case 'ref': {
      const definition = spec.get('typeDefinition', type.reference.$ref);
      if (!isObject(value)) return report(path, `expected a ${definition.name} object, got ${describe(value)}`);
      return checkFields(value, definition.properties, path, spec, report);
    }
    default:
      report(path, `the spec has a type this checker does not know (${String(type.type)}); update scripts/check-template.mjs`);
  }
}

const isScalar = (v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const TAG_FIELDS = { Key: { required: true, type: { type: 'string' } }, Value: { required: true, type: { type: 'string' } } };

/** Finds Ref / Fn::GetAtt / Fn::Sub anywhere and checks that what they name exists. */
function walkIntrinsics(node, path, known, report) {
  if (Array.isArray(node)) return node.forEach((v, i) => walkIntrinsics(v, `${path}[${i}]`, known, report));
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    const here = `${path}.${key}`;
    if (key === 'Ref' && typeof value === 'string') checkRef(value, here, known, report);
    else if (key === 'Fn::GetAtt') checkGetAtt(value, here, known, report);
    else if (key === 'Fn::Sub') checkSub(value, here, known, report);
    walkIntrinsics(value, here, known, report);
  }
}

function checkRef(name, path, { resources, parameters }, report) {
  if (!(name in resources) && !(name in parameters) && !PSEUDO_PARAMETERS.has(name)) report(path, `Ref to unknown resource or parameter ${name}`);
}

function checkGetAtt(value, path, known, report) {
  const [logicalId, attribute] = typeof value === 'string' ? splitOnce(value) : Array.isArray(value) ? value : [];
  if (typeof logicalId !== 'string') return report(path, 'Fn::GetAtt needs [LogicalId, Attribute]');
  if (typeof attribute !== 'string') return; // an intrinsic attribute name is resolved at deploy time
  checkAttribute(logicalId, attribute, path, known, report);
}

function checkAttribute(logicalId, attribute, path, { resources, specs }, report) {
  const resource = resources[logicalId];
  if (!resource) return report(path, `Fn::GetAtt of unknown resource ${logicalId}`);
  const resourceSpec = specs.get(logicalId);
  if (!resourceSpec) return; // custom resource or a type already reported as unknown
  if (!(attribute in resourceSpec.attributes)) {
    report(path, `${resource.Type} has no attribute ${attribute} (known: ${Object.keys(resourceSpec.attributes).join(', ') || 'none'})`);
  }
}

function checkSub(value, path, known, report) {
  const [text, variables] = typeof value === 'string' ? [value, {}] : Array.isArray(value) ? value : [];
  if (typeof text !== 'string') return report(path, 'Fn::Sub needs a string or [string, variables]');
  const local = isObject(variables) ? variables : {};
  // `${!Literal}` is an escaped dollar-brace; everything else names a parameter, resource or Resource.Attribute.
  for (const [, name] of text.matchAll(/\$\{(?!!)([^}]+)\}/g)) {
    if (name in local || PSEUDO_PARAMETERS.has(name)) continue;
    const [logicalId, attribute] = splitOnce(name);
    if (attribute === undefined) checkRef(name, path, known, report);
    else checkAttribute(logicalId, attribute, path, known, report);
  }
}

function splitOnce(text) {
  const dot = text.indexOf('.');
  return dot < 0 ? [text, undefined] : [text.slice(0, dot), text.slice(dot + 1)];
}

function main(argv) {
  const templatePath = resolve(argv[0] ?? DEFAULT_TEMPLATE_PATH);
  let template;
  try {
    template = JSON.parse(readFileSync(templatePath, 'utf8'));
  } catch (err) {
    console.error(`check-template: cannot read ${templatePath}: ${err.message}\nRun \`npx serverless package\` first.`);
    return 2;
  }
  const problems = checkTemplate(template);
  const count = Object.keys(template.Resources ?? {}).length;
  if (problems.length === 0) {
    console.log(`check-template: ${count} resources in ${templatePath} match the CloudFormation resource spec.`);
    return 0;
  }
  console.error(`check-template: ${problems.length} problem(s) in ${templatePath}:`);
  for (const { path, message } of problems) console.error(`  - ${path}: ${message}`);
  return 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = main(process.argv.slice(2));
