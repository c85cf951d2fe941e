/// <reference lib="webworker" />
import * as Comlink from 'comlink';
import { clusterFor } from '../src/engines/clusterCache';
import type { InferNexCore } from '../src/engines/infernex/core';
import { createServingCore, servingTraceFile } from '../src/engines/infernex/serving';
import { advanceRounds, type EngineRound } from '../src/sim/engine';
import { frameBuffers, type InferNexFrame } from '../src/sim/frame';
import type { Scenario } from '../src/sim/scenario';

/**
 * The InferNex engine of a scenario's serving fleet, in lockstep beside the fabric: the
 * orchestrator on the page drives it like the fabric worker. Separate from the InferNex panel's
 * what-if replay worker (`infernex.worker.ts`), which runs on its own clock. The trace file is
 * fetched here, off the main thread, once per file; a replay from 0 reuses the text.
 */
let engine: InferNexCore | undefined;
const traceTexts = new Map<string, Promise<string>>();

function loaded(): InferNexCore {
  if (!engine) throw new Error('infernex engine worker: no scenario loaded');
  return engine;
}

function traceText(file: string): Promise<string> {
  let text = traceTexts.get(file);
  if (!text) {
    const url = `/traces/${file}`;
    text = fetch(url).then((response) => {
      if (!response.ok) throw new Error(`cannot fetch ${url}: HTTP ${response.status}`);
      return response.text();
    });
    // A failed fetch is not kept: the next load tries again.
    text.catch(() => traceTexts.delete(file));
    traceTexts.set(file, text);
  }
  return text;
}

const api = {
  async load(scenario: Scenario): Promise<void> {
    engine = undefined;
    const file = servingTraceFile(scenario);
    const text = file === undefined ? undefined : await traceText(file);
    engine = createServingCore(scenario, clusterFor(scenario.profile), text);
  },
  advance(rounds: readonly EngineRound[]): void {
    advanceRounds(loaded(), rounds);
  },
  frame(): InferNexFrame {
    const frame = loaded().frame();
    return Comlink.transfer(frame, frameBuffers(frame));
  },
  digest(): string {
    return loaded().digest();
  },
};

export type InferNexEngineWorkerApi = typeof api;

Comlink.expose(api);
