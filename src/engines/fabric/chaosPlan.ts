import { isMap, LineCounter, parseAllDocuments, stringify, type Document } from 'yaml';
import type { Cluster } from '../../model';
import { hashString32 } from '../../sim/rng';
import {
  FAULT_KINDS,
  isFaultEvent,
  timelineEventSchema,
  type Scenario,
  type TimelineEvent,
} from '../../sim/scenario';
import { validateActionsAgainstCluster, zodIssuesToErrors } from '../../sim/scenarioIo';

/**
 * A fault plan as YAML in Chaos Mesh's shape: one document per fault, `metadata` + `spec` with
 * `action`, `mode` (+ `value`), `selector`, `duration`; a recurring fault is a `Schedule` whose
 * `spec.schedule` is `@every <interval>` and whose chaos sits under `spec.fabricChaos`, as Chaos
 * Mesh's Schedule embeds `spec.networkChaos`. The group and kinds are the twin's own
 * (`twin.supernode/v1alpha1`, `FabricChaos`): no Chaos Mesh kind fails an NPU or a cabinet.
 * Selectors name twin ids (`selector.nodes`); a link's two ends are joined by `~` as everywhere.
 * What Chaos Mesh has no field for (the start in sim time, the number of occurrences, who put
 * the fault on the timeline, a note) travels in `twin.supernode/…` annotations.
 *
 * Import never throws: every problem comes back with the line it is on.
 */

export const CHAOS_API_VERSION = 'twin.supernode/v1alpha1';
export const CHAOS_KIND = 'FabricChaos';
const ANNOTATION = {
  at: 'twin.supernode/at',
  times: 'twin.supernode/times',
  by: 'twin.supernode/by',
  note: 'twin.supernode/note',
} as const;

export const CHAOS_MODES = ['all', 'one', 'fixed', 'fixed-percent', 'random-max-percent'] as const;
type ChaosMode = (typeof CHAOS_MODES)[number];

const ACTIONS: readonly string[] = [...FAULT_KINDS, 'npu-repair', 'link-repair', 'repair'];

export interface ChaosPlanError {
  /** 1-based line in the YAML text (0 when the problem has no place, e.g. an empty text). */
  readonly line: number;
  /** Where in the document: `spec.selector.nodes[1]`. */
  readonly path: string;
  readonly message: string;
}

export type ChaosPlanResult =
  | { readonly ok: true; readonly events: TimelineEvent[] }
  | { readonly ok: false; readonly errors: readonly ChaosPlanError[] };

/** `line 12: spec.duration: "5x" is not a duration …`, one per line. */
export function formatChaosErrors(errors: readonly ChaosPlanError[]): string {
  return errors.map((e) => `line ${e.line}: ${e.path}: ${e.message}`).join('\n');
}

// ---------------------------------------------------------------------------------------------
// Durations, Go style ("90s", "1m30s", "250ms", "1h"), as Chaos Mesh writes them

const UNIT_SECONDS: Readonly<Record<string, number>> = {
  ns: 1e-9,
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  m: 60,
  h: 3600,
};

export function parseGoDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(trimmed)) return undefined;
  let seconds = 0;
  for (const m of trimmed.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g))
    seconds += Number(m[1]) * UNIT_SECONDS[m[2]];
  return seconds;
}

export function formatGoDuration(seconds: number): string {
  if (seconds > 0 && seconds < 1) {
    const ms = Math.round(seconds * 1e6) / 1e3;
    return Number.isInteger(ms) ? `${ms}ms` : `${Math.round(seconds * 1e6)}us`;
  }
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds - h * 3600) / 60);
  const s = Math.round((seconds - h * 3600 - m * 60) * 1e6) / 1e6;
  const parts = [
    h > 0 ? `${h}h` : '',
    m > 0 ? `${m}m` : '',
    s > 0 || (h === 0 && m === 0) ? `${s}s` : '',
  ];
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------
// Export

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * The fault plan of a timeline: every fault and repair event, one document each, in timeline
 * order. Workload load changes are not faults and stay out.
 */
export function exportFaultPlan(events: readonly TimelineEvent[]): string {
  const docs: Record<string, unknown>[] = [];
  events.forEach((event, i) => {
    if (event.kind === 'workload-load') return;
    const annotations: Record<string, string> = {
      [ANNOTATION.at]: formatGoDuration(event.atSeconds),
    };
    if (event.by === 'operator') annotations[ANNOTATION.by] = 'operator';
    if (event.note !== undefined) annotations[ANNOTATION.note] = event.note;
    const spec: Record<string, unknown> = {
      action: event.kind,
      mode: 'all',
      selector: { nodes: [event.target] },
    };
    if (isFaultEvent(event)) {
      if (event.durationSeconds !== undefined)
        spec.duration = formatGoDuration(event.durationSeconds);
      if (event.kind === 'link-degrade') spec.bandwidth = { fraction: event.bandwidthFraction };
      if (event.kind === 'link-flap')
        spec.flap = {
          period: formatGoDuration(event.flapPeriodSeconds),
          down: formatGoDuration(event.downSeconds),
        };
    }
    const name = `f${i + 1}-${slug(event.kind)}-${slug(event.target)}`
      .slice(0, 63)
      .replace(/-$/, '');
    if (isFaultEvent(event) && event.repeat) {
      annotations[ANNOTATION.times] = String(event.repeat.times);
      docs.push({
        apiVersion: CHAOS_API_VERSION,
        kind: 'Schedule',
        metadata: { name, annotations },
        spec: {
          schedule: `@every ${formatGoDuration(event.repeat.everySeconds)}`,
          type: CHAOS_KIND,
          fabricChaos: spec,
        },
      });
    } else {
      docs.push({
        apiVersion: CHAOS_API_VERSION,
        kind: CHAOS_KIND,
        metadata: { name, annotations },
        spec,
      });
    }
  });
  return docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n');
}

// ---------------------------------------------------------------------------------------------
// Import

type Path = readonly (string | number)[];

const pathText = (path: Path): string => {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (/^[A-Za-z_][\w]*$/.test(key)) out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out || '(document)';
};

/** Deterministic choice of `count` of `ids`, fixed by the document's name (no RNG stream needed). */
function pick(ids: readonly string[], count: number, name: string): string[] {
  const ranked = ids.map((id, i) => ({ id, i, h: hashString32(`${name}:${id}`) }));
  ranked.sort((a, b) => a.h - b.h || a.i - b.i);
  return ranked
    .slice(0, count)
    .sort((a, b) => a.i - b.i)
    .map((r) => r.id);
}

interface Origin {
  /** The document and where the chaos spec sits in it (`spec` or `spec.fabricChaos`). */
  readonly doc: Document.Parsed;
  readonly spec: Path;
  readonly selectorIndex: number;
}

/**
 * Reads a fault plan. With `against`, the events are also checked against the scenario's cluster
 * (ids exist and are the right kind, times fall inside the run), each error at its line.
 */
export function importFaultPlan(
  text: string,
  against?: { readonly scenario: Scenario; readonly cluster: Cluster },
): ChaosPlanResult {
  const lineCounter = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter });
  const errors: ChaosPlanError[] = [];
  const lineOf = (doc: Document.Parsed, path: Path): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) return lineCounter.linePos(range[0]).line;
    }
    return doc.range ? lineCounter.linePos(doc.range[0]).line : 0;
  };
  const events: TimelineEvent[] = [];
  const origins: Origin[] = [];

  if (!Array.isArray(docs))
    return { ok: false, errors: [{ line: 0, path: '(plan)', message: 'not a YAML stream' }] };
  for (const doc of docs) {
    for (const e of doc.errors) {
      errors.push({
        line: e.linePos?.[0]?.line ?? 0,
        path: '(syntax)',
        message: e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  docs.forEach((doc) => {
    if (doc.contents === null) return; // an empty document (a trailing ---)
    const err = (path: Path, message: string) =>
      errors.push({ line: lineOf(doc, path), path: pathText(path), message });
    if (!isMap(doc.contents))
      return err([], 'a chaos document is a mapping with apiVersion, kind, metadata and spec');
    const root = doc.toJS() as Record<string, unknown>;
    const str = (path: Path): string | undefined => {
      const v = doc.getIn(path);
      return typeof v === 'string' ? v : undefined;
    };
    if (root.apiVersion !== CHAOS_API_VERSION)
      err(
        ['apiVersion'],
        `expected "${CHAOS_API_VERSION}", got ${JSON.stringify(root.apiVersion ?? null)}`,
      );
    const kind = root.kind;
    let specPath: Path = ['spec'];
    let repeat: { everySeconds: number; times: number } | undefined;
    const name = str(['metadata', 'name']) ?? '';
    if (!name) err(['metadata', 'name'], 'required: every chaos object has a name');
    const annotation = (key: string) => str(['metadata', 'annotations', key]);
    if (kind === 'Schedule') {
      specPath = ['spec', 'fabricChaos'];
      if (str(['spec', 'type']) !== CHAOS_KIND)
        err(['spec', 'type'], `a Schedule of the twin runs type "${CHAOS_KIND}"`);
      const schedule = str(['spec', 'schedule']);
      const every = schedule?.match(/^@every\s+(\S+)$/);
      const everySeconds = every ? parseGoDuration(every[1]) : undefined;
      if (everySeconds === undefined || everySeconds <= 0)
        err(
          ['spec', 'schedule'],
          `${JSON.stringify(schedule ?? null)} is not "@every <duration>" (e.g. "@every 10m"); cron schedules are not supported`,
        );
      const timesText = annotation(ANNOTATION.times);
      const times =
        timesText !== undefined && /^\d+$/.test(timesText) ? Number(timesText) : undefined;
      if (times === undefined)
        err(
          ['metadata', 'annotations', ANNOTATION.times],
          'required for a Schedule: how many times the fault happens, e.g. "3"',
        );
      if (everySeconds !== undefined && times !== undefined) repeat = { everySeconds, times };
    } else if (kind !== CHAOS_KIND) {
      return err(
        ['kind'],
        `expected "${CHAOS_KIND}" or "Schedule", got ${JSON.stringify(kind ?? null)}`,
      );
    }
    if (!isMap(doc.getIn(specPath, true)))
      return err(specPath, 'required: the chaos spec (action, mode, selector …)');

    const action = str([...specPath, 'action']);
    if (action === undefined || !ACTIONS.includes(action))
      return err(
        [...specPath, 'action'],
        `${JSON.stringify(doc.getIn([...specPath, 'action']) ?? null)} is not one of ${ACTIONS.join(', ')}`,
      );

    const atText = annotation(ANNOTATION.at);
    const atSeconds = atText === undefined ? 0 : parseGoDuration(atText);
    if (atSeconds === undefined)
      err(
        ['metadata', 'annotations', ANNOTATION.at],
        `${JSON.stringify(atText)} is not a duration (e.g. "90s", "5m", "1h30m")`,
      );
    const byText = annotation(ANNOTATION.by);
    if (byText !== undefined && byText !== 'operator' && byText !== 'scenario')
      err(
        ['metadata', 'annotations', ANNOTATION.by],
        `${JSON.stringify(byText)} is not "scenario" or "operator"`,
      );

    const durationText = doc.getIn([...specPath, 'duration']);
    let durationSeconds: number | undefined;
    if (durationText !== undefined) {
      durationSeconds =
        typeof durationText === 'string' ? parseGoDuration(durationText) : undefined;
      if (durationSeconds === undefined)
        err(
          [...specPath, 'duration'],
          `${JSON.stringify(durationText)} is not a duration (e.g. "30s", "5m", "1h30m")`,
        );
    }

    const ids = getPlain(root, [...specPath, 'selector', 'nodes']);
    if (
      !Array.isArray(ids) ||
      ids.length === 0 ||
      ids.some((id) => typeof id !== 'string' || id.trim() === '')
    )
      return err(
        [...specPath, 'selector', 'nodes'],
        'required: a list of twin ids, e.g. [cab-017/srv-3/npu-5]',
      );
    const selected = ids as string[];

    const modeText = str([...specPath, 'mode']) ?? 'all';
    if (!(CHAOS_MODES as readonly string[]).includes(modeText))
      return err(
        [...specPath, 'mode'],
        `${JSON.stringify(modeText)} is not one of ${CHAOS_MODES.join(', ')}`,
      );
    const mode = modeText as ChaosMode;
    const valueRaw = doc.getIn([...specPath, 'value']);
    const value =
      typeof valueRaw === 'string' || typeof valueRaw === 'number' ? Number(valueRaw) : undefined;
    let chosen = selected;
    if (mode !== 'all') {
      const needsValue = mode !== 'one';
      if (needsValue && (value === undefined || !Number.isFinite(value) || value <= 0))
        return err(
          [...specPath, 'value'],
          `mode ${mode} needs a positive value${mode === 'fixed' ? ' (how many)' : ' (a percentage)'}`,
        );
      const count =
        mode === 'one'
          ? 1
          : mode === 'fixed'
            ? Math.min(selected.length, Math.floor(value ?? 0))
            : mode === 'fixed-percent'
              ? Math.ceil(((value ?? 0) / 100) * selected.length)
              : 1 +
                (hashString32(`${name}:count`) %
                  Math.max(1, Math.ceil(((value ?? 0) / 100) * selected.length)));
      chosen = pick(selected, Math.min(selected.length, count), name);
    }

    const extra: Record<string, unknown> = {};
    if (action === 'link-degrade')
      extra.bandwidthFraction = doc.getIn([...specPath, 'bandwidth', 'fraction']);
    if (action === 'link-flap') {
      for (const [field, key] of [
        ['flapPeriodSeconds', 'period'],
        ['downSeconds', 'down'],
      ] as const) {
        const t = doc.getIn([...specPath, 'flap', key]);
        const s = typeof t === 'string' ? parseGoDuration(t) : undefined;
        if (s === undefined)
          err(
            [...specPath, 'flap', key],
            `${JSON.stringify(t ?? null)} is not a duration (e.g. "10s")`,
          );
        else extra[field] = s;
      }
    }
    for (const target of chosen) {
      const raw: Record<string, unknown> = {
        atSeconds: atSeconds ?? 0,
        kind: action,
        target,
        by: byText === 'operator' ? 'operator' : 'scenario',
        ...(annotation(ANNOTATION.note) !== undefined ? { note: annotation(ANNOTATION.note) } : {}),
        ...(durationSeconds !== undefined ? { durationSeconds } : {}),
        ...(repeat ? { repeat } : {}),
        ...extra,
      };
      const parsed = timelineEventSchema.safeParse(raw);
      const origin: Origin = { doc, spec: specPath, selectorIndex: selected.indexOf(target) };
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const where = yamlPathOf(
            origin,
            issue.path.map((k) => (typeof k === 'number' ? k : String(k))),
          );
          err(where, zodIssuesToErrors([issue], raw, [], 'a fault')[0]?.message ?? issue.message);
        }
        continue;
      }
      events.push(parsed.data);
      origins.push(origin);
    }
  });
  if (errors.length === 0 && against) {
    for (const e of validateActionsAgainstCluster(against.scenario, events, against.cluster)) {
      const m = /^actions\[(\d+)\]\.(\w+)/.exec(e.path);
      const origin = m ? origins[Number(m[1])] : undefined;
      if (!origin) {
        errors.push({ line: 0, path: e.path, message: e.message });
        continue;
      }
      const where = yamlPathOf(origin, [m?.[2] ?? 'target']);
      errors.push({ line: lineOf(origin.doc, where), path: pathText(where), message: e.message });
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, events };
}

function getPlain(root: Record<string, unknown>, path: Path): unknown {
  let node: unknown = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[key];
  }
  return node;
}

/** Where a timeline-event field lives in the YAML document it came from. */
function yamlPathOf(origin: Origin, eventPath: readonly (string | number)[]): Path {
  const spec = origin.spec;
  switch (eventPath[0]) {
    case 'target':
      return [...spec, 'selector', 'nodes', origin.selectorIndex];
    case 'atSeconds':
      return ['metadata', 'annotations', ANNOTATION.at];
    case 'durationSeconds':
      return [...spec, 'duration'];
    case 'bandwidthFraction':
      return [...spec, 'bandwidth', 'fraction'];
    case 'flapPeriodSeconds':
      return [...spec, 'flap', 'period'];
    case 'downSeconds':
      return [...spec, 'flap', 'down'];
    case 'repeat':
      return eventPath[1] === 'times'
        ? ['metadata', 'annotations', ANNOTATION.times]
        : ['spec', 'schedule'];
    case 'note':
      return ['metadata', 'annotations', ANNOTATION.note];
    default:
      return [...spec, 'action'];
  }
}
