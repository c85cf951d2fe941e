import * as Comlink from 'comlink';
import type { FabricWorkerApi } from '../../workers/fabric.worker';
import type { InferNexEngineWorkerApi } from '../../workers/infernexEngine.worker';
import { clusterFor } from '../engines/clusterCache';
import type { RouteResult } from '../engines/fabric/routing';
import { servingErrors } from '../engines/infernex/serving';
import { floorLayout, type Cluster, type FloorLayout } from '../model';
import type { EngineHost } from '../sim/engine';
import type { EngineFrame, FabricFrame, InferNexFrame } from '../sim/frame';
import { Orchestrator } from '../sim/orchestrator';
import type { Scenario, TimelineEvent } from '../sim/scenario';
import { servingFrameBus } from './frameBus';
import { SerialQueue } from './serialQueue';

export interface TwinRuntime {
  readonly cluster: Cluster;
  readonly layout: FloorLayout;
  readonly scenario: Scenario;
  /** Whether the scenario runs a serving fleet (InferNex in lockstep beside the fabric). */
  readonly serving: boolean;
  /** Sim time of the engines now, µs. */
  readonly timeUs: number;
  /** Replaces the operator's actions; returns the frame at the current time. */
  setActions(actions: readonly TimelineEvent[]): Promise<FabricFrame>;
  /** Forward by stepping, backward by exact replay from 0; rounds down to a whole slice. */
  advanceTo(timeUs: number): Promise<FabricFrame>;
  route(fromNode: number, toNode: number, bytes: number): Promise<RouteResult>;
  /** Hash of the engines' state now: the CLI's `twin run … --until t` prints the same. */
  digest(): Promise<string>;
  dispose(): void;
}

/** A started engine worker: its comlink proxy, and its failure, which ends every pending call. */
interface EngineWorker<Api> {
  readonly worker: Worker;
  readonly remote: Comlink.Remote<Api>;
  readonly failure: Promise<never>;
}

/**
 * Wraps a started worker. It is constructed at the call site: Vite bundles a worker only when
 * `new Worker(new URL('…', import.meta.url))` is written literally.
 */
function engineWorker<Api>(worker: Worker, name: string): EngineWorker<Api> {
  const failure = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) =>
      reject(new Error(`${name} worker failed: ${e.message || 'its script could not be loaded'}`)),
    );
  });
  failure.catch(() => undefined);
  return { worker, remote: Comlink.wrap<Api>(worker), failure };
}

/**
 * Lockstep rounds per worker call (a round is SYNC_SLICES slices: 1 sim-s at 100-ms slices). One
 * call per round cost the page ~0.5 ms of message handling each, a hundred a second at ×100; a
 * whole request in one call kept the worker busy without a break while the page waited its turn
 * for a CPU. Five is both: a tenth of the messages, and the engines still come back to the page.
 */
const ROUNDS_PER_WORKER_CALL = 5;

/** The orchestrator's view of an engine in a worker. */
function workerHost(name: string, remote: Comlink.Remote<Omit<EngineHost, 'name'>>): EngineHost {
  return {
    name,
    load: (s) => remote.load(s),
    advance: (rounds) => remote.advance(rounds),
    frame: () => remote.frame(),
    digest: () => remote.digest(),
  };
}

/**
 * Starts the engine workers for a scenario — the fabric, and InferNex beside it when the scenario
 * has a serving fleet — and drives them with the orchestrator from the main thread. Calls are
 * queued one after another, so a slow replay never interleaves with the next playback step. The
 * fabric frame is returned (the playback loop publishes it); the InferNex frame of the same
 * instant goes to `servingFrameBus`.
 */
export async function createTwinRuntime(
  scenario: Scenario,
  actions: readonly TimelineEvent[],
): Promise<TwinRuntime> {
  servingFrameBus.clear();
  // The cluster is immutable and deterministic: the main thread builds its own copy (~20 ms at
  // 8,192 NPUs) for ids, layout and colouring instead of receiving it from the worker.
  const cluster = clusterFor(scenario.profile);
  const layout = floorLayout(cluster);
  const problems = servingErrors(scenario, cluster);
  if (problems.length > 0) throw new Error(`${problems[0].path}: ${problems[0].message}`);

  const fabricWorker = engineWorker<FabricWorkerApi>(
    new Worker(new URL('../../workers/fabric.worker.ts', import.meta.url), {
      type: 'module',
      name: 'fabric-engine',
    }),
    'fabric-engine',
  );
  const fabric = fabricWorker.remote;
  const servingWorker = scenario.engines?.infernex
    ? engineWorker<InferNexEngineWorkerApi>(
        new Worker(new URL('../../workers/infernexEngine.worker.ts', import.meta.url), {
          type: 'module',
          name: 'infernex-engine',
        }),
        'infernex-engine',
      )
    : undefined;
  const started = servingWorker ? [fabricWorker, servingWorker] : [fabricWorker];
  const hosts: EngineHost[] = [workerHost('fabric', fabric)];
  if (servingWorker) hosts.push(workerHost('infernex', servingWorker.remote));
  const orchestrator = new Orchestrator(hosts, ROUNDS_PER_WORKER_CALL);
  const failure = Promise.race(started.map((w) => w.failure));
  failure.catch(() => undefined);

  const queue = new SerialQueue();
  const serial = <T>(work: () => Promise<T>): Promise<T> =>
    Promise.race([queue.run(work), failure]);
  const fabricFrame = async (): Promise<FabricFrame> => {
    const frames: EngineFrame[] = await orchestrator.frames();
    let result: FabricFrame | undefined;
    for (const frame of frames) {
      if (frame.engine === 'fabric') result = frame;
      else servingFrameBus.publish(frame as InferNexFrame);
    }
    if (!result) throw new Error('the fabric engine returned no frame');
    return result;
  };

  await serial(() => orchestrator.load(scenario, actions));

  return {
    cluster,
    layout,
    scenario,
    serving: servingWorker !== undefined,
    get timeUs() {
      return orchestrator.timeUs;
    },
    setActions: (next) =>
      serial(async () => {
        await orchestrator.setActions(next);
        return fabricFrame();
      }),
    advanceTo: (timeUs) =>
      serial(async () => {
        await orchestrator.advanceTo(timeUs);
        return fabricFrame();
      }),
    route: (from, to, bytes) => serial<RouteResult>(() => fabric.route(from, to, bytes)),
    digest: () => serial(() => orchestrator.digest()),
    dispose: () => {
      for (const { remote, worker } of started) {
        remote[Comlink.releaseProxy]();
        worker.terminate();
      }
    },
  };
}
