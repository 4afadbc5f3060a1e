import { userInfo } from 'node:os';
import { refKey } from '../domain/cloud';
import type { Approval } from '../domain/remediation';
import { runAudit } from '../app/run-audit';
import { currentPlan } from '../app/run-remediation';
import { handleRemediationRequest } from '../app/handle-remediation';
import { executePark } from '../remediation/execute-park';
import type { CliArgs } from './args';
import { renderActions, renderOutcome, renderParkResult } from './render-remediation';
import { openWorld, type World } from './world';

const GATE_REFUSED = 4;

function cliApproval(now: Date): Approval {
  let principal = 'cli';
  try {
    principal = userInfo().username || principal;
  } catch {
    // no passwd entry (containers): keep "cli"
  }
  return { by: 'cli', principal, at: now };
}

async function withWorld<T>(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string, fn: (w: World) => Promise<T>): Promise<T> {
  const world = await openWorld(args, env, cwd);
  try {
    return await fn(world);
  } finally {
    await world.close();
  }
}

const matchesTarget = (target: string) => (ref: { name: string; id: string }) =>
  ref.name === target || ref.id === target || refKey({ ...(ref as Parameters<typeof refKey>[0]) }) === target;

/** `park <resource>`: the current finding for the resource, through the gate, approved by the person at the terminal. */
export async function runParkCommand(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  return withWorld(args, env, cwd, async ({ core, remediation }) => {
    const target = args.target!;
    const audit = await runAudit({ config: core.config, readers: core.readers, now: core.now });
    const finding = audit.findings.find((f) => matchesTarget(target)(f.ref));
    if (!finding) {
      const names = audit.findings.map((f) => f.ref.name).join(', ') || 'none';
      process.stderr.write(`ml-watchdog: no current finding for "${target}", so there is nothing to park. Current findings: ${names}.\n`);
      return 1;
    }
    const plan = await currentPlan(finding, remediation.ledger);
    if (!plan) {
      process.stderr.write(`ml-watchdog: ${finding.kind} on ${finding.ref.name} has no park action.\n`);
      return 1;
    }
    const r = await executePark(plan, remediation, { approval: cliApproval(core.now()), parksThisRun: 0, dryRun: args.dryRun });
    process.stdout.write(`${renderParkResult(r)}\n`);
    if (r.status === 'parked' || r.status === 'already-parked') return 0;
    // --dry-run asked for a rehearsal: success. A dry-run *mode* refused the park the person asked for: exit 4.
    if (r.status === 'dry-run' && args.dryRun && r.decision?.outcome === 'act') return 0;
    return r.status === 'failed' || r.status === 'not-supported' ? 1 : GATE_REFUSED;
  });
}

/** `restore <resource|token>`: from the restore token alone. */
export async function runRestoreCommand(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  return withWorld(args, env, cwd, async ({ core, remediation }) => {
    const target = args.target!;
    let tokenId: string | undefined = target;
    if (!(await remediation.ledger.get(target))) {
      const tokens = await remediation.ledger.list({});
      tokenId = tokens.find((t) => t.state !== 'restored' && matchesTarget(target)(t.ref))?.tokenId ?? tokens.find((t) => matchesTarget(target)(t.ref))?.tokenId;
    }
    if (!tokenId) {
      process.stderr.write(`ml-watchdog: no restore token for "${target}". List them with: ml-watchdog actions\n`);
      return 1;
    }
    const outcome = await handleRemediationRequest({ type: 'restore', tokenId, approval: cliApproval(core.now()) }, remediation);
    process.stdout.write(`${renderOutcome(outcome)}\n`);
    return outcome.status === 'restored' || outcome.status === 'already-restored' ? 0 : 1;
  });
}

/** `actions`: the ledger, newest first, with savings. */
export async function runActionsCommand(args: CliArgs, env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  return withWorld(args, env, cwd, async ({ core, remediation }) => {
    const tokens = await remediation.ledger.list({ limit: 200 });
    const now = core.now();
    if (args.json) {
      process.stdout.write(`${JSON.stringify({ tokens, savings: await remediation.ledger.savings({ since: new Date(0), until: now }) }, null, 2)}\n`);
      return 0;
    }
    process.stdout.write(`${renderActions(tokens, now)}\n`);
    return 0;
  });
}
