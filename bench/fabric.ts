import { performance } from 'node:perf_hooks';
import { inProcessHosts } from '../src/engines/inProcess';
import { cabinetId, interconnectCabinetId, linkId, npuId, serverId } from '../src/model';
import { clusterFor } from '../src/engines/clusterCache';
import { createRng } from '../src/sim/rng';
import { Orchestrator } from '../src/sim/orchestrator';
import { scenarioSchema, type Scenario } from '../src/sim/scenario';
import { validateScenarioAgainstCluster } from '../src/sim/scenarioIo';
import { round } from './stats';

const PROFILE = 'ub-supernode-8k';
const STORM_FAULTS = 100;
const HORIZON_S = 3600;

/**
 * The fault storm: 100 faults of every kind on random targets of the 8,192-NPU super-node,
 * one every 6 s over the first 10 minutes, each lasting 1–10 minutes (a tenth until repaired),
 * some recurring. Seeded, so every run injects the same storm.
 */
export function stormScenario(faults = STORM_FAULTS): Scenario {
  const cluster = clusterFor(PROFILE);
  const rng = createRng(20261124);
  const kinds = [
    'npu-fail',
    'npu-fail',
    'npu-fail',
    'link-fail',
    'link-fail',
    'link-degrade',
    'link-flap',
    'server-down',
    'server-down',
    'cabinet-power-loss',
    'switch-down',
    'agent-loss',
    'pod-cut',
  ] as const;
  const timeline: Record<string, unknown>[] = [];
  // Distinct targets per kind, so every fault of the storm is injected (the engine refuses a
  // second fault of a kind on a target whose first is still active).
  const used = new Set<string>();
  const fresh = (kind: string, draw: () => string): string => {
    for (;;) {
      const target = draw();
      if (!used.has(`${kind}:${target}`)) {
        used.add(`${kind}:${target}`);
        return target;
      }
    }
  };
  for (let i = 0; i < faults; i++) {
    const kind = kinds[rng.int(kinds.length)];
    const atSeconds = 5 + i * 6;
    const durationSeconds = rng.next() < 0.1 ? undefined : 60 + rng.int(540);
    const base = { atSeconds, kind, ...(durationSeconds !== undefined ? { durationSeconds } : {}) };
    switch (kind) {
      case 'npu-fail':
        timeline.push({
          ...base,
          target: fresh(kind, () => npuId(cluster, rng.int(cluster.npuCount))),
        });
        break;
      case 'link-fail':
      case 'link-degrade':
      case 'link-flap': {
        const target = fresh(kind, () => linkId(cluster, rng.int(cluster.linkCount)));
        const extra =
          kind === 'link-degrade'
            ? { bandwidthFraction: 0.25 }
            : kind === 'link-flap'
              ? { flapPeriodSeconds: 10, downSeconds: 3, durationSeconds: durationSeconds ?? 120 }
              : {};
        timeline.push({ ...base, target, ...extra });
        break;
      }
      case 'server-down':
        timeline.push({
          ...base,
          target: fresh(kind, () => serverId(cluster, rng.int(cluster.serverCount))),
          ...(durationSeconds !== undefined && durationSeconds < 200
            ? { repeat: { everySeconds: 600, times: 3 } }
            : {}),
        });
        break;
      case 'cabinet-power-loss':
        timeline.push({
          ...base,
          target: fresh(kind, () => cabinetId(rng.int(cluster.computeCabinetCount))),
        });
        break;
      case 'switch-down':
        timeline.push({
          ...base,
          target: fresh(kind, () =>
            interconnectCabinetId(rng.int(cluster.interconnectCabinetCount)),
          ),
        });
        break;
      case 'agent-loss':
        timeline.push({
          ...base,
          target: fresh(kind, () => cabinetId(rng.int(cluster.computeCabinetCount))),
          durationSeconds: durationSeconds ?? 120,
        });
        break;
      case 'pod-cut':
        // Pods take turns, each cut for 30 s (the same pod comes round again ≥ 48 s later).
        timeline.push({ ...base, target: `pod-${i % cluster.podCount}`, durationSeconds: 30 });
        break;
    }
  }
  const scenario = scenarioSchema.parse({
    version: 1,
    name: 'fault storm',
    description:
      'Benchmark: 100 faults under uniform background traffic. Illustrative assumptions.',
    profile: PROFILE,
    seed: 7,
    durationSeconds: HORIZON_S,
    engines: {
      fabric: {
        heartbeat: { design: 'hierarchical' },
        traffic: { pattern: 'uniform', offeredGBps: 20 },
      },
    },
    workloads: [
      {
        id: 'train',
        kind: 'training',
        cabinets: ['cab-000..cab-095'],
        utilisation: 0.82,
        hbmGB: 118,
        stepSeconds: 4.2,
        commFraction: 0.25,
        commLinkLoad: 0.7,
      },
      {
        id: 'serve',
        kind: 'inference',
        cabinets: ['cab-096..cab-119'],
        utilisation: 0.45,
        hbmGB: 96,
        stepSeconds: 0.05,
        commFraction: 0.1,
        commLinkLoad: 0.2,
      },
    ],
    timeline,
  });
  const problems = validateScenarioAgainstCluster(scenario, cluster);
  if (problems.length > 0)
    throw new Error(`storm scenario invalid: ${problems[0].path}: ${problems[0].message}`);
  return scenario;
}

/**
 * The 8,192-NPU super-node with hierarchical heartbeat probing, uniform background traffic and a
 * storm of 100 faults, for one simulated hour through the `Orchestrator` with in-process hosts.
 * Two ways: flat out (the CLI, a seek's replay), and pulling a frame every 16 sim-seconds (the
 * console at ×1000 and 60 fps). Target: ≥ 100× real time.
 */
export async function benchFabricStorm() {
  const scenario = stormScenario();
  const results: Record<string, unknown>[] = [];
  for (const framesEveryS of [0, 16]) {
    const hosts = inProcessHosts();
    const orchestrator = new Orchestrator(hosts.all);
    const t0 = performance.now();
    await orchestrator.load(scenario, []);
    const loadMs = performance.now() - t0;
    const t1 = performance.now();
    let frames = 0;
    if (framesEveryS > 0) {
      for (let t = framesEveryS * 1e6; t <= HORIZON_S * 1e6; t += framesEveryS * 1e6) {
        await orchestrator.advanceTo(t);
        await hosts.fabric.frame();
        frames++;
      }
    }
    await orchestrator.advanceTo(HORIZON_S * 1e6);
    const last = await hosts.fabric.frame();
    const wallS = (performance.now() - t1) / 1000;
    const faults = last.faults ?? [];
    results.push({
      name: framesEveryS > 0 ? 'fabric.storm.1h.framesEvery16s' : 'fabric.storm.1h.flatOut',
      unit: 'sim s / wall s',
      target: '≥ 100',
      simSecondsPerWallSecond: Math.round(HORIZON_S / wallS),
      wallSeconds: round(wallS),
      loadMs: round(loadMs, 1),
      frames,
      faults: faults.length,
      detections: last.heartbeat?.detections,
      falseSuspicions: last.heartbeat?.falseSuspicions,
      meanTimeToDetectSeconds: round(last.heartbeat?.meanTimeToDetectSeconds ?? 0),
      meanTimeToIsolateSeconds: round(last.heartbeat?.meanTimeToIsolateSeconds ?? 0),
      flows: last.traffic?.flows,
      reroutedFlowsTotal: faults.reduce((s, f) => s + f.reroutedFlows, 0),
      digest: await orchestrator.digest(),
    });
  }
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchFabricStorm().then(
    (r) =>
      process.stdout.write(
        `${JSON.stringify({ node: process.version, results: r }, undefined, 2)}\n`,
      ),
    (error: unknown) => {
      process.stderr.write(`bench: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
