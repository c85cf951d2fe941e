import { availabilityEstimate } from '../engines/fabric/availability';
import { exportFaultPlan, importFaultPlan } from '../engines/fabric/chaosPlan';
import { clusterHeartbeatScale } from '../engines/fabric/detection';
import { heartbeatEstimate, heartbeatSeries } from '../engines/fabric/heartbeat';
import { compareLatency } from '../engines/fabric/latency';
import { ecmpCollisions } from '../engines/fabric/multipath';
import { resolveFabricSettings } from '../engines/fabric/settings';
import { tableComparison } from '../engines/fabric/tables';
import { buildCluster, parseNode, type Cluster, type HardwareProfile } from '../model';
import { createRng } from '../sim/rng';
import { HEARTBEAT_DESIGNS, type HeartbeatDesign } from '../sim/scenario';
import {
  InputError,
  parse,
  positiveNumber,
  PROFILE_OPTIONS,
  profileFromOptions,
  profileOption,
  readInputFile,
  UsageError,
} from './args';
import { print } from './output';
import { readRunInput } from './run';

const USAGE = `usage: twin fabric <heartbeat | tables | ecmp | availability | latency | plan> [options]
  (--profile id | --profile-file path.json: any command that takes --profile)
  heartbeat [--profile id] [--design ${HEARTBEAT_DESIGNS.join('|')}] [--period-ms N] [--timeout-ms N] [--fanout N] [--series] [--json]
  tables [--profile id] [--json]
  ecmp [--paths 16] [--flows 16] [--trials 2000] [--seed 1] [--json]
  availability [--profile id] [--json]
  latency <npuId> <npuId> [--bytes N] [--profile id] [--json]
  plan export <scenario.json | share URL>         fault plan as Chaos Mesh-shaped YAML
  plan check <plan.yaml> [--scenario <scenario.json>]   validate a plan, errors with their line`;

function clusterOf(profileId: string | undefined): Cluster {
  return buildCluster(profileOption(profileId));
}

/** Built once per profile: the CLI runs one command, but `tables` and others may ask twice. */
function clusterFrom(values: { profile?: string; 'profile-file'?: string }): Cluster {
  const profile: HardwareProfile = profileFromOptions(values);
  return buildCluster(profile);
}

const round = (x: number, digits = 6) => Number(x.toFixed(digits));

export function fabricCommand(argv: readonly string[]): void {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'heartbeat':
      return heartbeat(rest);
    case 'tables':
      return tables(rest);
    case 'ecmp':
      return ecmp(rest);
    case 'availability':
      return availability(rest);
    case 'latency':
      return latency(rest);
    case 'plan':
      return plan(rest);
    case undefined:
      throw new UsageError(USAGE.split('\n')[0]);
    default:
      throw new UsageError(
        `unknown fabric command "${sub}" (heartbeat, tables, ecmp, availability, latency, plan)`,
      );
  }
}

function heartbeat(argv: readonly string[]): void {
  const { values, positionals } = parse(argv, {
    ...PROFILE_OPTIONS,
    design: { type: 'string' },
    'period-ms': { type: 'string' },
    'timeout-ms': { type: 'string' },
    fanout: { type: 'string' },
    series: { type: 'boolean' },
    json: { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(USAGE.split('\n')[1].trim());
  const design = values.design ?? 'hierarchical';
  if (!(HEARTBEAT_DESIGNS as readonly string[]).includes(design))
    throw new UsageError(
      `--design must be one of ${HEARTBEAT_DESIGNS.join(', ')}, got "${design}"`,
    );
  const cluster = clusterFrom(values);
  const fanout = positiveNumber(values.fanout, '--fanout');
  const settings = resolveFabricSettings({
    heartbeat: {
      design: design as HeartbeatDesign,
      ...(values['period-ms'] !== undefined
        ? { periodMs: positiveNumber(values['period-ms'], '--period-ms') }
        : {}),
      ...(values['timeout-ms'] !== undefined
        ? { timeoutMs: positiveNumber(values['timeout-ms'], '--timeout-ms') }
        : {}),
      ...(fanout !== undefined ? { fanout: Math.max(1, Math.round(fanout)) } : {}),
    },
  });
  const p = settings.heartbeat;
  if (!(p.periodS > 0) || !(p.timeoutS > 0))
    throw new UsageError('--period-ms and --timeout-ms must be > 0');
  const scale = clusterHeartbeatScale(cluster);
  const e = heartbeatEstimate(p, scale);
  const result: Record<string, unknown> = {
    profile: cluster.profile.id,
    design: e.design,
    endpoints: e.endpoints,
    probers: e.probers,
    periodSeconds: p.periodS,
    timeoutSeconds: p.timeoutS,
    roundSeconds: round(e.roundSeconds),
    detectionSeconds: round(e.detectionSeconds),
    detectionMinSeconds: round(e.detectionMinSeconds),
    detectionTypicalSeconds: round(e.detectionTypicalSeconds),
    targetSeconds: e.targetSeconds,
    meetsTarget: e.meetsTarget,
    probesPerSecond: round(e.probesPerSecond, 1),
    messagesAtRootPerRound: e.messagesAtRootPerRound,
  };
  if (e.gossip) {
    result.gossip = Object.fromEntries(Object.entries(e.gossip).map(([k, v]) => [k, round(v)]));
  }
  if (values.series) {
    result.series = heartbeatSeries(p).map((s) => ({
      endpoints: s.endpoints,
      roundSeconds: round(s.roundSeconds),
      detectionSeconds: round(s.detectionSeconds),
      meetsTarget: s.meetsTarget,
    }));
  }
  print(result, values.json === true);
}

function tables(argv: readonly string[]): void {
  const { values } = parse(argv, { ...PROFILE_OPTIONS, json: { type: 'boolean' } });
  const cluster = clusterFrom(values);
  const t = tableComparison(cluster);
  const built = t.builtFatTree;
  print(
    {
      profile: cluster.profile.id,
      topology: t.topology,
      ...(built
        ? {
            builtFatTreeSwitches: built.structured.tables,
            builtFatTreeEntriesPerSwitch: built.structured.entriesPerNode,
            builtFatTreeEntries: built.structured.totalEntries,
            builtFatTreeFlatEntriesPerSwitch: built.flat.entriesPerNode,
            builtFatTreeFlatEntries: built.flat.totalEntries,
          }
        : {}),
      structuredScheme: t.structured.scheme,
      flatEntries: t.flat.totalEntries,
      structuredEntriesPerNode: t.structured.entriesPerNode,
      structuredEntries: t.structured.totalEntries,
      aggregatedEntries: t.aggregated.totalEntries,
      fatTreeK: t.fatTree.scheme,
      fatTreeHosts: t.fatTreeTopology.hosts,
      fatTreeSwitches: t.fatTreeTopology.switches,
      fatTreeEntriesPerSwitch: t.fatTree.entriesPerNode,
      fatTreeEntries: t.fatTree.totalEntries,
      fatTreeFlatEntries: t.fatTreeFlat.totalEntries,
      meshPaths: t.meshPaths,
      fatTreePaths: t.fatTreePaths,
    },
    values.json === true,
  );
}

function ecmp(argv: readonly string[]): void {
  const { values } = parse(argv, {
    paths: { type: 'string' },
    flows: { type: 'string' },
    trials: { type: 'string' },
    seed: { type: 'string' },
    json: { type: 'boolean' },
  });
  const n = Math.round(positiveNumber(values.paths, '--paths') ?? 16);
  const m = Math.round(positiveNumber(values.flows, '--flows') ?? n);
  const trials = Math.round(positiveNumber(values.trials, '--trials') ?? 2000);
  if (n < 1 || m < 1 || trials < 1)
    throw new UsageError('--paths, --flows and --trials must be ≥ 1');
  const s = ecmpCollisions(
    n,
    m,
    trials,
    createRng(Math.round(positiveNumber(values.seed, '--seed') ?? 1)),
  );
  print(
    {
      paths: s.paths,
      flows: s.flows,
      trials: s.trials,
      expectedUsedFraction: round(s.expectedUsedFraction),
      usedFraction: round(s.usedFraction),
      meanMaxLoad: round(s.meanMaxLoad, 3),
      hotLinkFactor: round(s.hotLinkFactor, 3),
      collidingFlowFraction: round(s.collidingFlowFraction),
    },
    values.json === true,
  );
}

function availability(argv: readonly string[]): void {
  const { values } = parse(argv, { ...PROFILE_OPTIONS, json: { type: 'boolean' } });
  const cluster = clusterFrom(values);
  const a = availabilityEstimate(cluster);
  print(
    {
      profile: cluster.profile.id,
      components: a.components.map((c) => `${c.name}: ${c.count} × ${c.annualFailureRate}/year`),
      mtbfHours: round(a.mtbfHours, 2),
      mttrHours: round(a.mttrHours, 4),
      availability: round(a.availability),
      monitoredMttrHours: round(a.monitoredMttrHours, 4),
      monitoredAvailability: round(a.monitoredAvailability),
      closMtbfHours: round(a.clos.mtbfHours, 2),
      closAvailability: round(a.clos.availability),
    },
    values.json === true,
  );
}

function latency(argv: readonly string[]): void {
  const { values, positionals } = parse(argv, {
    ...PROFILE_OPTIONS,
    bytes: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 2)
    throw new UsageError(
      'usage: twin fabric latency <npuId> <npuId> [--bytes N] [--profile id] [--json]',
    );
  const cluster = clusterFrom(values);
  const [from, to] = positionals.map((id) => {
    const parsed = parseNode(cluster, id);
    if (!parsed.ok) throw new InputError(parsed.reason);
    return parsed.node;
  });
  const c = compareLatency(
    cluster,
    undefined,
    from,
    to,
    positiveNumber(values.bytes, '--bytes') ?? 0,
  );
  if (!('urmaUs' in c)) throw new InputError(c.reason);
  print(
    {
      hops: c.hops,
      bytes: c.bytes,
      urmaUs: round(c.urmaUs),
      tcpUs: round(c.tcpUs),
      speedup: round(c.speedup, 3),
      reduction: round(c.reduction, 4),
    },
    values.json === true,
  );
}

function plan(argv: readonly string[]): void {
  const [action, ...rest] = argv;
  const { values, positionals } = parse(rest, {
    scenario: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (action === 'export') {
    if (positionals.length !== 1)
      throw new UsageError('usage: twin fabric plan export <scenario.json | share URL>');
    const input = readRunInput(positionals[0]);
    process.stdout.write(exportFaultPlan([...input.scenario.timeline, ...input.actions]));
    return;
  }
  if (action === 'check') {
    if (positionals.length !== 1)
      throw new UsageError(
        'usage: twin fabric plan check <plan.yaml> [--scenario <scenario.json>]',
      );
    const text = readInputFile(positionals[0]);
    const against =
      values.scenario !== undefined ? readRunInput(values.scenario).scenario : undefined;
    const result = importFaultPlan(
      text,
      against ? { scenario: against, cluster: clusterOf(against.profile) } : undefined,
    );
    if (!result.ok) {
      const first = result.errors[0];
      const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more)` : '';
      throw new InputError(
        `${positionals[0]}:${first.line}: ${first.path}: ${first.message}${more}`,
      );
    }
    print(
      {
        faults: result.events.length,
        events: result.events.map((e) => `${e.atSeconds}s ${e.kind} ${e.target}`),
      },
      values.json === true,
    );
    return;
  }
  throw new UsageError('usage: twin fabric plan <export | check> …');
}
