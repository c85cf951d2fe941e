import { benchFabricStorm } from './fabric';
import { benchModelBuild, benchOrchestrator, benchRoutes } from './node';

/**
 * `npm run bench`: prints one JSON document of figures. Node figures always; browser figures
 * (first 3D frame, orbit frame time, long tasks at ×1000, initial JS) with `--browser`, which
 * needs a build (`npm run build`) and Debian's Chromium.
 */
async function main() {
  const results: Record<string, unknown>[] = [
    benchModelBuild(),
    benchRoutes(),
    await benchOrchestrator(),
    ...(await benchFabricStorm()),
  ];
  if (process.argv.includes('--browser')) {
    const { benchBrowser } = await import('./browser');
    results.push(...(await benchBrowser()));
  }
  process.stdout.write(`${JSON.stringify({ node: process.version, results }, undefined, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
