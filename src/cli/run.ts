import { fileURLToPath } from 'node:url';
import { clusterFor } from '../engines/clusterCache';
import { inProcessHosts } from '../engines/inProcess';
import { FABRIC_SERIES } from '../engines/fabric/fabricEngine';
import { formatDelay } from '../engines/fabric/lifecycle';
import { servingErrors } from '../engines/infernex/serving';
import type { FabricFrame, FaultRecord, InferNexFrame } from '../sim/frame';
import { Orchestrator } from '../sim/orchestrator';
import type { Scenario, TimelineEvent } from '../sim/scenario';
import {
  parseScenarioJson,
  validateActionsAgainstCluster,
  validateScenarioAgainstCluster,
} from '../sim/scenarioIo';
import { decodeShareFragment } from '../sim/shareLink';
import { formatSimTime, parseDuration, usToSeconds } from '../sim/time';
import { InputError, parse, readInputFile, UsageError } from './args';
import { print } from './output';

interface RunInput {
  readonly scenario: Scenario;
  readonly actions: readonly TimelineEvent[];
  /** The moment a share link points at, µs. */
  readonly linkTimeUs?: number;
}

/** A share URL (or bare `#s1.…` fragment) or a path to a scenario JSON file. */
export function readRunInput(source: string): RunInput {
  if (source.includes('#') || source.startsWith('s1.')) {
    const decoded = decodeShareFragment(source);
    if (!decoded.ok) throw new InputError(`share link: ${decoded.reason}`);
    const { scenario, actions, view } = decoded.state;
    return { scenario, actions, linkTimeUs: view.simTimeUs };
  }
  const text = readInputFile(source);
  const parsed = parseScenarioJson(text);
  if (!parsed.ok) {
    const first = parsed.errors[0];
    const more = parsed.errors.length > 1 ? ` (and ${parsed.errors.length - 1} more)` : '';
    throw new InputError(
      `${source}: ${first ? `${first.path}: ${first.message}` : 'invalid scenario'}${more}`,
    );
  }
  return { scenario: parsed.scenario, actions: [] };
}

/** The shipped traces, as the console serves them (`public/traces`), whatever the working directory. */
const TRACE_DIR = fileURLToPath(new URL('../../public/traces/', import.meta.url));

/** Reads a shipped trace for the in-process InferNex engine. */
export function readShippedTrace(file: string): string {
  return readInputFile(`${TRACE_DIR}${file}`);
}

/** A fault's life cycle for `--json`: every step with its sim time. */
function faultJson(f: FaultRecord) {
  return {
    id: f.id,
    kind: f.kind,
    target: f.target,
    current: f.current,
    ...(f.granularity ? { granularity: f.granularity } : {}),
    ...(f.backup ? { backup: f.backup } : {}),
    reroutedFlows: f.reroutedFlows,
    steps: f.steps.map((s) => ({
      step: s.step,
      time: formatSimTime(s.timeUs),
      timeS: usToSeconds(s.timeUs),
    })),
  };
}

/** `F1 npu-fail cab-017/srv-3/npu-5: injected 1m 00.0s → detected 1m 01.0s (+1.01 s) → …` */
function faultLine(f: FaultRecord): string {
  const start = f.steps[0]?.timeUs ?? 0;
  const steps = f.steps.map((s, i) => {
    const after = i === 0 ? '' : ` (+${formatDelay(s.timeUs - start)})`;
    return `${s.step} ${formatSimTime(s.timeUs)}${after}`;
  });
  return `${f.id} ${f.kind} ${f.target}: ${steps.join(' → ')}`;
}

export async function runCommand(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parse(argv, {
    until: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 1)
    throw new UsageError('usage: twin run <scenario.json | share URL> [--until 10m] [--json]');
  const input = readRunInput(positionals[0]);
  const { scenario, actions } = input;
  const cluster = clusterFor(scenario.profile);
  const problems = [
    ...validateScenarioAgainstCluster(scenario, cluster),
    ...validateActionsAgainstCluster(scenario, actions, cluster),
    ...servingErrors(scenario, cluster),
  ];
  if (problems.length > 0) throw new InputError(`${problems[0].path}: ${problems[0].message}`);
  let untilUs = input.linkTimeUs ?? scenario.durationSeconds * 1e6;
  if (values.until !== undefined) {
    const parsed = parseDuration(values.until);
    if (parsed === undefined)
      throw new UsageError(`--until must be a duration like 90s, 10m or 1h, got "${values.until}"`);
    untilUs = parsed;
  }

  const hosts = inProcessHosts(scenario, readShippedTrace);
  const orchestrator = new Orchestrator(hosts.all);
  await orchestrator.load(scenario, actions);
  const log: FabricFrame['log'][number][] = [];
  const series = new Map<string, number>();
  let last: FabricFrame | undefined;
  let serving: InferNexFrame | undefined;
  // Drain frames once per simulated minute so the log and series stay bounded in memory.
  const chunkUs = 60e6;
  const collect = (frame: FabricFrame) => {
    log.push(...frame.log);
    for (const point of frame.series) series.set(point.series, point.value);
    last = frame;
  };
  for (let t = Math.min(chunkUs, untilUs); ; t = Math.min(t + chunkUs, untilUs)) {
    await orchestrator.advanceTo(t);
    collect(await hosts.fabric.frame());
    if (hosts.infernex) {
      serving = await hosts.infernex.frame();
      log.push(...serving.log);
    }
    if (t >= untilUs) break;
  }
  // The engines' logs side by side, in sim-time order (stable: fabric first at one instant).
  log.sort((a, b) => a.timeUs - b.timeUs);
  const json = values.json === true;
  const hb = last?.heartbeat;
  print(
    {
      scenario: scenario.name,
      profile: scenario.profile,
      seed: scenario.seed,
      simTime: usToSeconds(orchestrator.timeUs),
      digest: await orchestrator.digest(),
      events: orchestrator.events.filter((e) => e.timeUs <= orchestrator.timeUs).length,
      operatorActions: actions.length,
      meanLoad: Number((series.get(FABRIC_SERIES.meanLoad) ?? 0).toFixed(6)),
      failedDevices: series.get(FABRIC_SERIES.failedDevices) ?? 0,
      linksDown: series.get(FABRIC_SERIES.linksDown) ?? 0,
      ...(hb
        ? {
            heartbeat: {
              design: hb.design,
              roundSeconds: Number(hb.roundSeconds.toFixed(6)),
              detectionSeconds: Number(hb.detectionSeconds.toFixed(6)),
              detections: hb.detections,
              falseSuspicions: hb.falseSuspicions,
              meanTimeToDetectSeconds: Number(hb.meanTimeToDetectSeconds.toFixed(6)),
              meanTimeToIsolateSeconds: Number(hb.meanTimeToIsolateSeconds.toFixed(6)),
            },
          }
        : {}),
      ...(serving
        ? {
            serving: {
              instances: serving.instanceCount,
              instancesDown: serving.instancesDown,
              arrived: serving.arrived,
              completed: serving.completed,
              failed: serving.failed,
              inFlight: serving.inFlight,
              reroutedOnFault: serving.reroutedOnFault,
              failedOnFault: serving.failedOnFault,
              ttftMeanS: Number(serving.ttftMeanS.toFixed(6)),
              ttftP99S: Number(serving.ttftP99S.toFixed(6)),
            },
          }
        : {}),
      faults: (last?.faults ?? []).map((f) => (json ? faultJson(f) : faultLine(f))),
      log: log.map((e) => ({
        time: formatSimTime(e.timeUs),
        timeS: usToSeconds(e.timeUs),
        level: e.level,
        ...(e.source === 'infernex' ? { source: e.source } : {}),
        message: e.message,
      })),
    },
    json,
  );
}
