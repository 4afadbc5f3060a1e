/**
 * Standalone simulator: `tsx src/sim/main.ts [--fleet file.json|.yaml] [--port N] [--now ISO] [--state FILE]`.
 * `--state` keeps the simulated world (parked endpoints, stopped notebooks ...) in FILE across restarts.
 * `--print-schema` writes the fleet JSON Schema to stdout (docs/fleet.schema.json is generated this way).
 */
import { parseArgs } from 'node:util';
import { demoFleet, fleetJsonSchema, loadFleet, startSimulator } from './index';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      fleet: { type: 'string' },
      port: { type: 'string', default: '0' },
      now: { type: 'string' },
      state: { type: 'string' },
      'print-schema': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('usage: tsx src/sim/main.ts [--fleet FILE] [--port N] [--now ISO-DATE] [--state FILE] [--print-schema]\n');
    return;
  }
  if (values['print-schema']) {
    process.stdout.write(`${JSON.stringify(fleetJsonSchema(), null, 2)}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0..65535, got ${values.port}`);
  const now = values.now ? new Date(values.now) : new Date();
  if (!Number.isFinite(now.getTime())) throw new Error(`--now is not a date: ${values.now}`);
  const fleet = values.fleet ? loadFleet(values.fleet) : demoFleet();
  const sim = await startSimulator({ fleet, port, now, ...(values.state ? { stateFile: values.state } : {}) });
  process.stdout.write(
    [
      `ml-watchdog simulator listening on ${sim.url} (clock ${sim.clock.now().toISOString()}, ${fleet.endpoints.length} endpoints, account ${fleet.account}${sim.stateFile ? `, state in ${sim.stateFile}` : ''})`,
      `Try: AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test aws sagemaker list-endpoints --endpoint-url ${sim.url} --region ${fleet.defaultRegion}`,
      'Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
