import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

/**
 * Load + init time of a bundle in a fresh Node process: what Lambda reports as Init Duration for a handler whose
 * module scope builds nothing (ours builds dependencies lazily on first invoke). Median of `runs` processes.
 */
export function measureLoad(file: string, runs = 5): { medianMs: number; rssMb: number } {
  const url = pathToFileURL(file).href;
  const script = `const t=process.hrtime.bigint();await import(${JSON.stringify(url)});const ms=Number(process.hrtime.bigint()-t)/1e6;process.stdout.write(JSON.stringify({ms,rss:process.memoryUsage().rss}))`;
  const samples: { ms: number; rss: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, AWS_LAMBDA_FUNCTION_NAME: 'bench' } });
    samples.push(JSON.parse(out.toString()) as { ms: number; rss: number });
  }
  samples.sort((a, b) => a.ms - b.ms);
  const mid = samples[Math.floor(samples.length / 2)]!;
  return { medianMs: mid.ms, rssMb: mid.rss / 2 ** 20 };
}
