import type { Cluster } from '../../model';
import { engineStream } from '../../sim/rng';
import {
  SERVING_DEFAULTS,
  type Scenario,
  type ServingSettingsInput,
  type ServingTraceName,
} from '../../sim/scenario';
import { expandCabinetRanges, type ScenarioError } from '../../sim/scenarioIo';
import { secondsToUs } from '../../sim/time';
import { scenarioFabricSettings } from '../fabric/settings';
import { InferNexCore } from './core';
import { ACCELERATORS, MODELS } from './hardware';
import { isPolicyName, POLICY_NAMES } from './routers/types';
import { InferNexSim, type InferNexConfig } from './simulator';
import { parseTrace, syntheticTrace, type TraceRequest } from './trace';

/**
 * A scenario's serving fleet (`engines.infernex`) turned into what the InferNex engine runs: its
 * config with the defaults filled in, its trace (a shipped file the host reads — the worker with
 * `fetch`, the CLI from `public/traces` — or the seeded synthetic generator), and the core the
 * orchestrator advances beside the fabric.
 */

/** File of each shipped trace, under `public/traces/`. */
export const SHIPPED_TRACE_FILES: Readonly<Record<ServingTraceName, string>> = {
  conversation: 'conversation_trace.jsonl',
  'azure-code': 'AzureLLMInferenceTrace_code.csv',
};

/** The shipped trace file the fleet replays, or undefined for a synthetic trace. */
export function servingTraceFile(scenario: Scenario): string | undefined {
  const trace = scenario.engines?.infernex?.trace ?? SERVING_DEFAULTS.trace;
  return typeof trace === 'string' ? SHIPPED_TRACE_FILES[trace] : undefined;
}

function servers(cluster: Cluster, cabinets: readonly string[] | undefined): number[] | undefined {
  if (!cabinets) return undefined;
  const expanded = expandCabinetRanges(cluster, cabinets);
  if ('error' in expanded) throw new Error(`engines.infernex.cabinets: ${expanded.error}`);
  const out: number[] = [];
  for (const c of expanded.cabinets)
    for (let s = 0; s < cluster.serversPerCabinet; s++) out.push(c * cluster.serversPerCabinet + s);
  return out;
}

/** The engine config of a fleet, every absent field at its default. */
export function servingConfig(
  scenario: Scenario,
  cluster: Cluster,
  settings: ServingSettingsInput,
): InferNexConfig {
  const d = SERVING_DEFAULTS;
  const policy = settings.policy ?? d.policy;
  if (!isPolicyName(policy)) throw new Error(`engines.infernex.policy: unknown "${policy}"`);
  const mode = settings.mode ?? d.mode;
  return {
    seed: scenario.seed,
    ...(settings.accelerator ? { accelerator: settings.accelerator } : {}),
    model: settings.model ?? d.model,
    tp: settings.tp ?? d.tp,
    mode,
    instances: settings.instances ?? d.instances,
    ...(settings.prefillInstances !== undefined
      ? { prefillInstances: settings.prefillInstances }
      : {}),
    ...(mode === 'pd' ? { pdPlacement: settings.placement ?? d.placement } : {}),
    ...(settings.cabinets ? { servers: servers(cluster, settings.cabinets) } : {}),
    policy,
    maxReroutes: settings.maxReroutes ?? d.maxReroutes,
    ...(settings.slo ? { slo: settings.slo } : {}),
    seriesPeriodUs: 1_000_000,
  };
}

/**
 * The fleet's requests: the shipped trace's text parsed (first `limit` requests), or the synthetic
 * generator on its own seeded stream; then shifted by `startSeconds` on the sim clock.
 */
export function servingTrace(
  scenario: Scenario,
  settings: ServingSettingsInput,
  text: string | undefined,
): TraceRequest[] {
  const spec = settings.trace ?? SERVING_DEFAULTS.trace;
  let requests: readonly TraceRequest[];
  if (typeof spec === 'string') {
    if (text === undefined) throw new Error(`the ${spec} trace was not loaded`);
    const parsed = parseTrace(text, {
      name: spec,
      ...(settings.limit !== undefined ? { limit: settings.limit } : {}),
    });
    if (!parsed.ok)
      throw new Error(`${SHIPPED_TRACE_FILES[spec]} line ${parsed.line}: ${parsed.message}`);
    requests = parsed.trace.requests;
  } else {
    const s = spec.synthetic;
    const count = settings.limit !== undefined ? Math.min(settings.limit, s.requests) : s.requests;
    requests = syntheticTrace(
      { ...s, requests: count },
      engineStream(scenario.seed, 'infernex-trace'),
    ).requests;
  }
  const offset = secondsToUs(settings.startSeconds ?? SERVING_DEFAULTS.startSeconds);
  return offset === 0
    ? [...requests]
    : requests.map((r) => ({ ...r, arrivalUs: r.arrivalUs + offset }));
}

/** The InferNex core of a scenario with a fleet (throws with the field at fault when it cannot run). */
export function createServingCore(
  scenario: Scenario,
  cluster: Cluster,
  traceText: string | undefined,
): InferNexCore {
  const settings = scenario.engines?.infernex;
  if (!settings) throw new Error('the scenario has no engines.infernex block');
  const config = servingConfig(scenario, cluster, settings);
  const trace = servingTrace(scenario, settings, traceText);
  const timing = scenarioFabricSettings(scenario).timing;
  return new InferNexCore(cluster, config, trace, engineStream(scenario.seed, 'infernex'), {
    linkDetectUs: timing.linkDetectUs,
    isolateLinkUs: timing.isolateUs.device,
    flapDampenCount: timing.flapDampenCount,
  });
}

/**
 * What the scenario schema and the cluster checks cannot see: the model, accelerator and policy
 * exist in the engine's data, and the model fits the tensor-parallel group with room for KV.
 * Empty when the fleet can run.
 */
export function servingErrors(scenario: Scenario, cluster: Cluster): ScenarioError[] {
  const settings = scenario.engines?.infernex;
  if (!settings) return [];
  const base = 'engines.infernex';
  const errors: ScenarioError[] = [];
  const model = settings.model ?? SERVING_DEFAULTS.model;
  if (!MODELS.has(model))
    errors.push({
      path: `${base}.model`,
      message: `unknown model "${model}" (known: ${[...MODELS.keys()].join(', ')})`,
    });
  if (settings.accelerator !== undefined && !ACCELERATORS.has(settings.accelerator))
    errors.push({
      path: `${base}.accelerator`,
      message: `unknown accelerator "${settings.accelerator}" (known: ${[...ACCELERATORS.keys()].join(', ')})`,
    });
  const policy = settings.policy ?? SERVING_DEFAULTS.policy;
  if (!isPolicyName(policy))
    errors.push({
      path: `${base}.policy`,
      message: `unknown policy "${policy}" (known: ${POLICY_NAMES.join(', ')})`,
    });
  if (errors.length > 0) return errors;
  try {
    // Building the fleet with no requests runs every check the engine makes (fit, placement).
    new InferNexSim(
      cluster,
      servingConfig(scenario, cluster, settings),
      [],
      engineStream(scenario.seed, 'infernex'),
    );
  } catch (e) {
    errors.push({ path: base, message: e instanceof Error ? e.message : String(e) });
  }
  return errors;
}
