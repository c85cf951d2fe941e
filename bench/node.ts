import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { inProcessHosts } from '../src/engines/inProcess';
import { findRoute } from '../src/engines/fabric/routing';
import { buildCluster, getProfile } from '../src/model';
import { createRng } from '../src/sim/rng';
import { Orchestrator, SYNC_SLICES } from '../src/sim/orchestrator';
import { defaultScenario, findLibraryScenario } from '../src/scenarios';
import { round, summarize } from './stats';

/** Model build at full scale: 8,192 NPUs, 70,144 links. Target ≤ 100 ms. */
export function benchModelBuild() {
  const profile = getProfile('ub-supernode-8k');
  buildCluster(profile); // warm-up: JIT and JSON profile parse
  const samples: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t0 = performance.now();
    buildCluster(profile);
    samples.push(performance.now() - t0);
  }
  return {
    name: 'model.build.ub-supernode-8k',
    unit: 'ms',
    target: '≤ 100',
    ...summarize(samples),
  };
}

/** Route queries between random NPU pairs on the healthy super-node. */
export function benchRoutes() {
  const cluster = buildCluster(getProfile('ub-supernode-8k'));
  const rng = createRng(1);
  const pairs = Array.from(
    { length: 200_000 },
    () => [rng.int(cluster.npuCount), rng.int(cluster.npuCount)] as const,
  );
  let hops = 0;
  const t0 = performance.now();
  for (const [a, b] of pairs) {
    const r = findRoute(cluster, undefined, a, b, 1 << 20);
    if (r.ok) hops += r.hops;
  }
  const seconds = (performance.now() - t0) / 1000;
  return {
    name: 'fabric.route.queriesPerSecond',
    unit: 'queries/s',
    value: Math.round(pairs.length / seconds),
    meanHops: round(hops / pairs.length),
  };
}

/** The default scenario for one simulated hour: orchestrator cost per slice and sim speed. */
export async function benchOrchestrator() {
  const scenario = defaultScenario();
  const hosts = inProcessHosts();
  const orchestrator = new Orchestrator(hosts.all);
  await orchestrator.load(scenario, []);
  const sliceUs = scenario.sliceMs * 1000;
  const horizonUs = scenario.durationSeconds * 1e6;
  const frameEveryUs = 1e6 * 16; // one frame per 16 sim-s ≈ ×1000 at 60 fps
  const t0 = performance.now();
  for (let t = frameEveryUs; t <= horizonUs; t += frameEveryUs) {
    await orchestrator.advanceTo(t);
    await hosts.fabric.frame();
  }
  const wallS = (performance.now() - t0) / 1000;
  const slices = horizonUs / sliceUs;
  return {
    name: 'orchestrator.defaultScenario.1h',
    slices,
    syncRounds: slices / SYNC_SLICES,
    wallSeconds: round(wallS),
    usPerSlice: round((wallS * 1e6) / slices),
    simSecondsPerWallSecond: Math.round(scenario.durationSeconds / wallS),
  };
}

/**
 * The serving scenario (fabric and InferNex in lockstep on the 1,024-NPU pod, Mooncake conversation
 * trace, faults on the fleet) for its 30 simulated minutes, one frame of each engine per 16 sim-s
 * (×1000 at 60 fps): orchestrator cost per slice, and the worst wall time of one such step — what a
 * ×1000 playback frame waits for (in the browser the engines run in two workers, not one thread).
 */
export async function benchOrchestratorServing() {
  const scenario = findLibraryScenario('serving');
  if (!scenario) throw new Error('no serving scenario');
  const hosts = inProcessHosts(scenario, (file) =>
    readFileSync(new URL(`../public/traces/${file}`, import.meta.url), 'utf8'),
  );
  const orchestrator = new Orchestrator(hosts.all);
  const l0 = performance.now();
  await orchestrator.load(scenario, []);
  const loadMs = performance.now() - l0;
  const sliceUs = scenario.sliceMs * 1000;
  const horizonUs = scenario.durationSeconds * 1e6;
  const frameEveryUs = 1e6 * 16;
  const steps: number[] = [];
  const t0 = performance.now();
  for (let t = frameEveryUs; t <= horizonUs; t += frameEveryUs) {
    const s0 = performance.now();
    await orchestrator.advanceTo(t);
    await orchestrator.frames();
    steps.push(performance.now() - s0);
  }
  const wallS = (performance.now() - t0) / 1000;
  const slices = horizonUs / sliceUs;
  const sorted = [...steps].sort((a, b) => a - b);
  return {
    name: 'orchestrator.servingScenario.30min',
    engines: hosts.all.map((h) => h.name).join('+'),
    loadMs: round(loadMs),
    slices,
    wallSeconds: round(wallS),
    usPerSlice: round((wallS * 1e6) / slices),
    simSecondsPerWallSecond: Math.round(scenario.durationSeconds / wallS),
    msPer16SimSecondsMedian: round(sorted[Math.floor(sorted.length / 2)]),
    msPer16SimSecondsMax: round(sorted[sorted.length - 1]),
  };
}
