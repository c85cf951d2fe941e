/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { createFabricCore } from '../src/engines/inProcess';
import type { FabricEngine } from '../src/engines/fabric/fabricEngine';
import { advanceRounds, type EngineRound } from '../src/sim/engine';
import { frameBuffers, type FabricFrame } from '../src/sim/frame';
import type { Scenario } from '../src/sim/scenario';

/** The fabric engine in its own worker: exposes the pure core through comlink, nothing else. */
let engine: FabricEngine | undefined;

function loaded(): FabricEngine {
  if (!engine) throw new Error('fabric worker: no scenario loaded');
  return engine;
}

const api = {
  load(scenario: Scenario): void {
    engine = createFabricCore(scenario);
  },
  advance(rounds: readonly EngineRound[]): void {
    advanceRounds(loaded(), rounds);
  },
  frame(): FabricFrame {
    const frame = loaded().frame();
    return Comlink.transfer(frame, frameBuffers(frame));
  },
  digest(): string {
    return loaded().digest();
  },
  route(from: number, to: number, bytes: number) {
    return loaded().route(from, to, bytes);
  },
};

export type FabricWorkerApi = typeof api;

Comlink.expose(api);
