import { writeFileSync } from 'node:fs';
import {
  ACCELERATORS,
  acceleratorForProfile,
  comparisonCsv,
  compareRouting,
  FAST25,
  FAST25_PROFILE,
  getAccelerator,
  getModel,
  isPolicyName,
  kvCapacityTokens,
  MODELS,
  parseTrace,
  POLICY_NAMES,
  runInferNex,
  syntheticTrace,
  traceStats,
  type ComparisonScenario,
  type InferNexConfig,
  type PolicyName,
  type Trace,
} from '../engines/infernex';
import { clusterFor } from '../engines/clusterCache';
import type { Cluster } from '../model';
import { createRng } from '../sim/rng';
import {
  InputError,
  parse,
  positiveNumber,
  profileOption,
  readInputFile,
  UsageError,
} from './args';
import { print } from './output';

const USAGE = `usage: twin infer --trace <file.jsonl|file.csv|synthetic> --policy <name> [--instances N] [--mode agg|pd]
         [--profile <id>] [--model <id>] [--accelerator <id>] [--tp N] [--prefill N] [--placement same-server|cross-server]
         [--chunked on|off] [--dram-gb N] [--nvme-gb N] [--pool local|global] [--slo-ttft S] [--slo-tpot S]
         [--spread even|burst] [--limit N] [--seed N] [--preset fast25] [--json]
       twin infer compare --trace <file> --policies <baseline>,<policy>[,…] [--scenarios agg,pd-same,pd-cross] [--csv out.csv] [same options] [--json]
policies: ${POLICY_NAMES.join(', ')}`;

const OPTIONS = {
  trace: { type: 'string' },
  policy: { type: 'string' },
  policies: { type: 'string' },
  scenarios: { type: 'string' },
  csv: { type: 'string' },
  instances: { type: 'string' },
  mode: { type: 'string' },
  profile: { type: 'string' },
  model: { type: 'string' },
  accelerator: { type: 'string' },
  tp: { type: 'string' },
  prefill: { type: 'string' },
  placement: { type: 'string' },
  chunked: { type: 'string' },
  'dram-gb': { type: 'string' },
  'nvme-gb': { type: 'string' },
  pool: { type: 'string' },
  'slo-ttft': { type: 'string' },
  'slo-tpot': { type: 'string' },
  spread: { type: 'string' },
  limit: { type: 'string' },
  seed: { type: 'string' },
  rate: { type: 'string' },
  requests: { type: 'string' },
  preset: { type: 'string' },
  json: { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parse<typeof OPTIONS>>['values'];

/** A configuration as the options that give it, so a preset and the options it stands for agree. */
function presetOptions(
  profile: string,
  c: Omit<InferNexConfig, 'policy'>,
): Partial<Record<keyof Values, string>> {
  const chunked = c.batching?.chunkedPrefill;
  return {
    profile,
    ...(c.accelerator === undefined ? {} : { accelerator: c.accelerator }),
    model: c.model,
    tp: String(c.tp),
    instances: String(c.instances),
    mode: c.mode,
    ...(c.prefillInstances === undefined ? {} : { prefill: String(c.prefillInstances) }),
    ...(c.pdPlacement === undefined ? {} : { placement: c.pdPlacement }),
    ...(chunked === undefined ? {} : { chunked: chunked ? 'on' : 'off' }),
    ...(c.pool
      ? { 'dram-gb': String(c.pool.dramGB), 'nvme-gb': String(c.pool.nvmeGB), pool: c.pool.scope }
      : {}),
  };
}

/** `fast25`: the FAST'25 Fig. 5 setup of the agreement benchmark (`FAST25`, presets.ts). */
const PRESETS: Readonly<Record<string, Partial<Record<keyof Values, string>>>> = {
  fast25: presetOptions(FAST25_PROFILE, FAST25),
};

const integer = (text: string | undefined, name: string, min: number): number | undefined => {
  const value = positiveNumber(text, name);
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`${name} must be an integer ≥ ${min}, got "${text}"`);
  return value;
};

function oneOf<T extends string>(
  text: string | undefined,
  name: string,
  allowed: readonly T[],
): T | undefined {
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text))
    throw new UsageError(`${name} must be one of ${allowed.join(', ')}, got "${text}"`);
  return text as T;
}

function withPreset(values: Values): Values {
  if (values.preset === undefined) return values;
  const preset = PRESETS[values.preset];
  if (!preset)
    throw new UsageError(
      `unknown preset "${values.preset}" (known: ${Object.keys(PRESETS).join(', ')})`,
    );
  const merged: Record<string, unknown> = { ...preset };
  for (const [k, v] of Object.entries(values)) if (v !== undefined) merged[k] = v;
  return merged as Values;
}

function loadTrace(values: Values): Trace {
  const source = values.trace;
  if (source === undefined) throw new UsageError(`--trace is required\n${USAGE}`);
  const limit = integer(values.limit, '--limit', 1);
  const spread = oneOf(values.spread, '--spread', ['even', 'burst'] as const);
  if (source === 'synthetic') {
    const requests = limit ?? integer(values.requests, '--requests', 1) ?? 2000;
    const ratePerS = positiveNumber(values.rate, '--rate') ?? 3;
    if (ratePerS <= 0) throw new UsageError('--rate must be > 0');
    return syntheticTrace(
      { requests, ratePerS, arrival: 'poisson' },
      createRng(integer(values.seed, '--seed', 0) ?? 1),
    );
  }
  const text = readInputFile(source);
  const parsed = parseTrace(text, { limit, spread, name: source.split('/').pop() });
  if (!parsed.ok) {
    const more = parsed.errorCount > 1 ? ` (and ${parsed.errorCount - 1} more)` : '';
    throw new InputError(`${source} line ${parsed.line}: ${parsed.message}${more}`);
  }
  return parsed.trace;
}

/** The smallest power-of-two tensor-parallel size whose KV holds one prompt of the model's full context. */
function defaultTp(cluster: Cluster, acceleratorId: string, modelId: string): number {
  const accelerator = getAccelerator(acceleratorId);
  const model = getModel(modelId);
  for (let tp = 1; tp <= cluster.perServer; tp *= 2)
    if (kvCapacityTokens(accelerator, model, tp) >= model.maxContextTokens) return tp;
  return cluster.perServer;
}

interface Setup {
  readonly cluster: Cluster;
  readonly config: InferNexConfig;
  readonly profileId: string;
}

function buildSetup(
  values: Values,
  policy: PolicyName,
  modeOverride?: 'agg' | 'pd',
  placementOverride?: 'same-server' | 'cross-server',
): Setup {
  const profileId = profileOption(values.profile, 'ascend-910b-infer').id;
  const cluster = clusterFor(profileId);
  const model = values.model ?? 'llama3-8b';
  if (!MODELS.has(model))
    throw new UsageError(`unknown model "${model}" (known: ${[...MODELS.keys()].join(', ')})`);
  const acceleratorId = values.accelerator ?? acceleratorForProfile(cluster.profile)?.id;
  if (acceleratorId === undefined)
    throw new UsageError(
      `profile ${profileId} has no calibrated accelerator; pass --accelerator (${[...ACCELERATORS.keys()].join(', ')})`,
    );
  if (!ACCELERATORS.has(acceleratorId))
    throw new UsageError(
      `unknown accelerator "${acceleratorId}" (known: ${[...ACCELERATORS.keys()].join(', ')})`,
    );
  const mode = modeOverride ?? oneOf(values.mode, '--mode', ['agg', 'pd'] as const) ?? 'agg';
  const tp = integer(values.tp, '--tp', 1) ?? defaultTp(cluster, acceleratorId, model);
  const instances =
    integer(values.instances, '--instances', 1) ?? Math.min(64, Math.floor(cluster.npuCount / tp));
  const chunked = oneOf(values.chunked, '--chunked', ['on', 'off'] as const);
  const dramGB = positiveNumber(values['dram-gb'], '--dram-gb') ?? 0;
  const nvmeGB = positiveNumber(values['nvme-gb'], '--nvme-gb') ?? 0;
  const scope = oneOf(values.pool, '--pool', ['local', 'global'] as const) ?? 'global';
  return {
    cluster,
    profileId,
    config: {
      seed: integer(values.seed, '--seed', 0) ?? 1,
      accelerator: acceleratorId,
      model,
      tp,
      mode,
      instances,
      prefillInstances: integer(values.prefill, '--prefill', 1),
      pdPlacement:
        placementOverride ??
        oneOf(values.placement, '--placement', ['same-server', 'cross-server'] as const),
      policy,
      batching: chunked === undefined ? undefined : { chunkedPrefill: chunked === 'on' },
      pool: dramGB + nvmeGB > 0 ? { dramGB, nvmeGB, scope } : undefined,
      slo: {
        ttftS: positiveNumber(values['slo-ttft'], '--slo-ttft') ?? 30,
        tpotS: positiveNumber(values['slo-tpot'], '--slo-tpot') ?? 0.2,
      },
      seriesPeriodUs: 0,
    },
  };
}

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

/** Runs the simulation, turning configuration errors (model too big, too many instances) into input errors. */
function simulate(setup: Setup, trace: Trace) {
  try {
    return runInferNex(setup.cluster, setup.config, trace.requests);
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : String(error));
  }
}

function policyOf(text: string | undefined, name: string): PolicyName {
  if (text === undefined) throw new UsageError(`${name} is required\n${USAGE}`);
  if (!isPolicyName(text))
    throw new UsageError(`unknown policy "${text}" (known: ${POLICY_NAMES.join(', ')})`);
  return text;
}

async function runOne(values: Values): Promise<void> {
  const policy = policyOf(values.policy, '--policy');
  const setup = buildSetup(values, policy);
  const trace = loadTrace(values);
  const sim = simulate(setup, trace);
  const s = sim.summary();
  const cost = sim.cost();
  print(
    {
      trace: trace.name,
      requests: s.requests,
      completed: s.completed,
      failed: s.failed,
      inFlight: s.inFlight,
      ttftMeanS: round(s.ttftS.mean),
      ttftP50S: round(s.ttftS.p50),
      ttftP90S: round(s.ttftS.p90),
      ttftP99S: round(s.ttftS.p99),
      tpotMeanS: round(s.tpotS.mean),
      tpotP99S: round(s.tpotS.p99),
      e2eMeanS: round(s.e2eS.mean),
      e2eP99S: round(s.e2eS.p99),
      hitRate: round(s.hitRate),
      hbmHitRate: round(s.hbmHitRate),
      poolHitRate: round(s.poolHitRate),
      sloAttainment: round(s.sloAttainment),
      goodputRps: round(s.goodputRps),
      throughputRps: round(s.throughputRps),
      outputTokensPerS: round(s.outputTokensPerS, 1),
      preemptions: s.preemptions,
      reroutes: s.reroutes,
      kvTransfers: sim.transfers,
      kvTransferMeanMs: sim.transfers ? round(sim.transferUsSum / sim.transfers / 1e3) : 0,
      simSeconds: round(sim.now / 1e6, 3),
      policy,
      mode: setup.config.mode,
      instances: setup.config.instances,
      profile: setup.profileId,
      accelerator: sim.accelerator.id,
      model: sim.model.id,
      tp: setup.config.tp,
      memoryCostDollars: Math.round(cost.totalDollars),
      notes: trace.notes,
    },
    values.json === true,
  );
}

const SCENARIOS = {
  agg: { mode: 'agg', placement: undefined, label: 'aggregated' },
  'pd-same': { mode: 'pd', placement: 'same-server', label: 'PD same machine' },
  'pd-cross': { mode: 'pd', placement: 'cross-server', label: 'PD cross machine' },
} as const;
type ScenarioKey = keyof typeof SCENARIOS;

async function runCompare(values: Values): Promise<void> {
  if (values.policies === undefined) throw new UsageError(`--policies is required\n${USAGE}`);
  const names = values.policies.split(',').map((p) => p.trim());
  if (names.length < 2)
    throw new UsageError(
      '--policies needs a baseline and at least one policy, e.g. least-load,hermes',
    );
  const [baseline, ...policies] = names.map((n) => policyOf(n, '--policies'));
  const keys = (
    values.scenarios ??
    (values.mode ? (values.mode === 'pd' ? 'pd-same,pd-cross' : 'agg') : 'agg,pd-same,pd-cross')
  )
    .split(',')
    .map((k) => k.trim());
  for (const k of keys)
    if (!(k in SCENARIOS))
      throw new UsageError(`unknown scenario "${k}" (known: ${Object.keys(SCENARIOS).join(', ')})`);
  const scenarios: ComparisonScenario[] = (keys as ScenarioKey[]).map((k) => {
    const s = SCENARIOS[k];
    const { config } = buildSetup(values, baseline, s.mode, s.placement);
    return { name: s.label, config };
  });
  const trace = loadTrace(values);
  const cluster = buildSetup(values, baseline).cluster;
  let rows;
  try {
    rows = compareRouting(cluster, scenarios, baseline, policies, trace.requests);
  } catch (error) {
    throw new InputError(error instanceof Error ? error.message : String(error));
  }
  if (values.csv !== undefined) {
    try {
      writeFileSync(values.csv, comparisonCsv(rows));
    } catch (error) {
      throw new InputError(
        `cannot write ${values.csv}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const json = values.json === true;
  const table = rows.map((r) => ({
    scenario: r.scenario,
    policy: r.policy,
    e2eImprovementPct: round(r.e2eImprovementPct, 2),
    ttftImprovementPct: round(r.ttftImprovementPct, 2),
    ttftMeanS: round(r.ttftMeanS),
    baselineTtftMeanS: round(r.baselineTtftMeanS),
    e2eMeanS: round(r.e2eMeanS),
    baselineE2eMeanS: round(r.baselineE2eMeanS),
    hitRate: round(r.hitRate),
    baselineHitRate: round(r.baselineHitRate),
  }));
  const lines = [
    `${'scenario'.padEnd(18)} ${'strategy'.padEnd(20)} ${'E2E improvement'.padStart(16)} ${'TTFT improvement'.padStart(17)}`,
    ...table.map(
      (r) =>
        `${r.scenario.padEnd(18)} ${r.policy.padEnd(20)} ${`${r.e2eImprovementPct.toFixed(2)} %`.padStart(16)} ${`${r.ttftImprovementPct.toFixed(2)} %`.padStart(17)}`,
    ),
  ];
  print(
    json
      ? {
          trace: trace.name,
          requests: trace.requests.length,
          baseline,
          rows: table,
          ...(values.csv ? { csv: values.csv } : {}),
        }
      : {
          trace: `${trace.name} (${traceStats(trace).requests} requests)`,
          baseline,
          table: lines,
          ...(values.csv ? { csv: values.csv } : {}),
        },
    json,
  );
}

/** `twin infer …` and `twin infer compare …`. */
export async function inferCommand(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parse(argv, OPTIONS);
  const merged = withPreset(values);
  if (positionals.length === 0) return runOne(merged);
  if (positionals.length === 1 && positionals[0] === 'compare') return runCompare(merged);
  throw new UsageError(`unexpected "${positionals.join(' ')}"\n${USAGE}`);
}
