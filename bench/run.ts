import { benchFabricStorm } from './fabric';
import {
  benchInferNexAgreement,
  benchInferNexReplay,
  benchInferNexRouting,
  benchInferNexTable,
} from './infernex';
import { benchModelBuild, benchOrchestrator, benchOrchestratorServing, benchRoutes } from './node';

/**
 * `npm run bench`: prints one JSON document of figures. Node figures always; browser figures
 * (first 3D frame, orbit frame time, long tasks at ×1000 and in the fault storm, initial JS) with `--browser`, which
 * needs a build (`npm run build`) and Debian's Chromium; InferNex's agreement with published
 * results with `--agreement`.
 */
async function main() {
  const results: Record<string, unknown>[] = [
    benchModelBuild(),
    benchRoutes(),
    await benchOrchestrator(),
    await benchOrchestratorServing(),
    ...(await benchFabricStorm()),
    benchInferNexReplay(),
    benchInferNexRouting(),
  ];
  // The published-result agreement runs replay the whole trace under several policies (about 3 min on 2 cores).
  if (process.argv.includes('--agreement'))
    results.push(benchInferNexAgreement(), benchInferNexTable());
  if (process.argv.includes('--browser')) {
    const { benchBrowser } = await import('./browser');
    results.push(...(await benchBrowser({ roomOnPage: process.argv.includes('--room-on-page') })));
  }
  process.stdout.write(`${JSON.stringify({ node: process.version, results }, undefined, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
