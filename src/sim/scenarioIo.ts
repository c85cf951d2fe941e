import type { z } from 'zod';
import {
  cabinetId,
  linkId,
  nodeKindOf,
  nodeRoleName,
  NodeKind,
  npuId,
  parseEntityId,
  PROFILES,
  type Cluster,
  type EntityRef,
} from '../model';
import { migrateScenario } from './migrations';
import {
  SCENARIO_VERSION,
  SERVING_DEFAULTS,
  scenarioSchema,
  type Scenario,
  type TimelineEvent,
  type TimelineEventKind,
} from './scenario';

/**
 * Reading scenario files: JSON syntax with line and column, format migrations, the schema, and the
 * checks that need the cluster (ids exist, workloads don't overlap, events fall inside the run).
 * Every error names a path like `timeline[3].atSeconds` and says what is wrong there.
 */
export interface ScenarioError {
  /** Where: `timeline[3].atSeconds`, `workloads[0].cabinets[1]`, or `(root)`. */
  readonly path: string;
  readonly message: string;
}

export type ScenarioResult =
  | { readonly ok: true; readonly scenario: Scenario; readonly migratedFrom?: number }
  | { readonly ok: false; readonly errors: readonly ScenarioError[] };

export const ROOT_PATH = '(root)';

/** `['timeline', 3, 'atSeconds']` → `timeline[3].atSeconds`; `[]` → `(root)`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key))
      out += out ? `.${key}` : key;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || ROOT_PATH;
}

/** One line per error, `path: message`, for logs, the CLI and the console's error panel. */
export function formatScenarioErrors(errors: readonly ScenarioError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('\n');
}

/** The canonical file form: two-space JSON with a trailing newline. */
export function serializeScenario(scenario: Scenario): string {
  return `${JSON.stringify(scenario, undefined, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// JSON syntax

export type JsonParse =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      readonly offset: number;
      readonly line: number;
      readonly column: number;
      readonly message: string;
    };

/**
 * `JSON.parse` with an error that says where, worded the same in every JavaScript engine (each
 * engine words its own SyntaxError differently, and the CLI and the browser must agree).
 * A leading byte-order mark is ignored.
 */
export function parseJson(text: string): JsonParse {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch (error) {
    const found = findJsonSyntaxError(body) ?? {
      offset: 0,
      message: error instanceof Error ? error.message : 'not valid JSON',
    };
    const before = body.slice(0, found.offset);
    const line = before.split('\n').length;
    const column = found.offset - (before.lastIndexOf('\n') + 1) + 1;
    return { ok: false, offset: found.offset, line, column, message: found.message };
  }
}

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const HEX4_RE = /^[0-9a-fA-F]{4}$/;

type ScanState = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'after';

/**
 * The offset and a description of the first syntax error in `text` (RFC 8259), or undefined if it
 * is valid. Iterative, so a deeply nested input cannot overflow the call stack.
 */
function findJsonSyntaxError(text: string): { offset: number; message: string } | undefined {
  const stack: ('{' | '[')[] = [];
  let state: ScanState = 'value';
  let pos = 0;
  const at = (offset: number, message: string) => ({ offset, message });
  const show = (offset: number) =>
    offset >= text.length ? 'the end of the text' : `'${text[offset]}'`;

  /** Scans the string starting at `pos` (a quote); returns the error or moves `pos` past it. */
  const scanString = (): { offset: number; message: string } | undefined => {
    const start = pos;
    pos++;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        pos++;
        return undefined;
      }
      if (c === 0x5c) {
        const e = text[pos + 1];
        if (e === 'u') {
          if (!HEX4_RE.test(text.slice(pos + 2, pos + 6)))
            return at(pos, 'a \\u escape needs four hex digits');
          pos += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) {
          pos += 2;
        } else {
          return at(pos, `invalid escape ${e === undefined ? '\\' : `'\\${e}'`} in a string`);
        }
        continue;
      }
      if (c < 0x20) return at(pos, 'a control character (such as a line break) inside a string');
      pos++;
    }
    return at(start, 'a string that never ends (missing closing ")');
  };

  for (;;) {
    while (pos < text.length && ' \t\n\r'.includes(text[pos])) pos++;
    if (pos >= text.length) {
      if (state === 'after' && stack.length === 0) return undefined;
      const open = stack.length > 0 ? ` (${stack.length} unclosed '${stack.join("', '")}')` : '';
      return at(pos, `unexpected end of the text${open}`);
    }
    const ch = text[pos];
    switch (state) {
      case 'after': {
        const top = stack[stack.length - 1];
        if (top === undefined) return at(pos, `unexpected ${show(pos)} after the JSON value`);
        const close = top === '{' ? '}' : ']';
        if (ch === ',') {
          pos++;
          state = top === '{' ? 'key' : 'value';
        } else if (ch === close) {
          stack.pop();
          pos++;
        } else {
          const what = top === '{' ? 'an object member' : 'a list item';
          return at(pos, `expected ',' or '${close}' after ${what}, found ${show(pos)}`);
        }
        break;
      }
      case 'key-or-close':
      case 'key': {
        if (state === 'key-or-close' && ch === '}') {
          stack.pop();
          pos++;
          state = 'after';
          break;
        }
        if (ch !== '"') return at(pos, `expected a "quoted" key, found ${show(pos)}`);
        const bad = scanString();
        if (bad) return bad;
        state = 'colon';
        break;
      }
      case 'colon':
        if (ch !== ':') return at(pos, `expected ':' after the key, found ${show(pos)}`);
        pos++;
        state = 'value';
        break;
      case 'value-or-close':
      case 'value': {
        if (state === 'value-or-close' && ch === ']') {
          stack.pop();
          pos++;
          state = 'after';
          break;
        }
        if (ch === '{' || ch === '[') {
          stack.push(ch);
          pos++;
          state = ch === '{' ? 'key-or-close' : 'value-or-close';
          break;
        }
        if (ch === '"') {
          const bad = scanString();
          if (bad) return bad;
          state = 'after';
          break;
        }
        const literal = ['true', 'false', 'null'].find((word) => text.startsWith(word, pos));
        if (literal) {
          pos += literal.length;
          state = 'after';
          break;
        }
        NUMBER_RE.lastIndex = pos;
        const number = NUMBER_RE.exec(text);
        if (number && number[0] !== '-') {
          pos += number[0].length;
          state = 'after';
          break;
        }
        return at(pos, `expected a value, found ${show(pos)}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Schema

/** Parses scenario JSON text: syntax, migrations, schema. */
export function parseScenarioJson(text: string): ScenarioResult {
  const parsed = parseJson(text);
  if (!parsed.ok) {
    return {
      ok: false,
      errors: [
        {
          path: ROOT_PATH,
          message: `JSON syntax error at line ${parsed.line}, column ${parsed.column}: ${parsed.message}`,
        },
      ],
    };
  }
  return validateScenario(parsed.value);
}

/** Brings parsed JSON of any known format version up to the current one and validates it. */
export function validateScenario(raw: unknown): ScenarioResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      errors: [{ path: ROOT_PATH, message: `a scenario is a JSON object, got ${describe(raw)}` }],
    };
  }
  const migrated = migrateScenario(raw as Record<string, unknown>);
  if (!migrated.ok) return migrated;
  const result = scenarioSchema.safeParse(migrated.raw);
  if (!result.success) {
    return { ok: false, errors: zodIssuesToErrors(result.error.issues, migrated.raw) };
  }
  return migrated.migratedFrom === undefined
    ? { ok: true, scenario: result.data }
    : { ok: true, scenario: result.data, migratedFrom: migrated.migratedFrom };
}

type Issue = z.ZodError['issues'][number];

/**
 * Zod issues reworded for people who edit scenario files. `raw` is the value that was parsed (it
 * supplies the offending values), `prefix` is prepended to every path, and `format` names the
 * format in messages about unknown fields.
 */
export function zodIssuesToErrors(
  issues: readonly Issue[],
  raw: unknown,
  prefix: readonly PropertyKey[] = [],
  format = `scenario format v${SCENARIO_VERSION}`,
): ScenarioError[] {
  const errors: ScenarioError[] = [];
  for (const issue of issues) {
    const value = valueAt(raw, issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({
          path: formatPath([...prefix, ...issue.path, key]),
          message: `unknown field "${key}" (not part of ${format})`,
        });
      }
      continue;
    }
    errors.push({
      path: formatPath([...prefix, ...issue.path]),
      message: issueMessage(issue, value),
    });
  }
  return errors;
}

const EXPECTED_NAMES: Readonly<Record<string, string>> = {
  number: 'a number',
  int: 'an integer',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  tuple: 'a list',
};

function issueMessage(issue: Issue, value: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = EXPECTED_NAMES[issue.expected] ?? issue.expected;
      return value === undefined
        ? `required: ${expected}`
        : `expected ${expected}, got ${describe(value)}`;
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return min <= 1 ? 'must not be empty' : `must be at least ${min} characters long`;
      if (issue.origin === 'array') return `needs at least ${items(min)}`;
      return `must be ${issue.inclusive ? '≥' : '>'} ${min}, got ${describe(value)}`;
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return `must be at most ${max} characters long`;
      if (issue.origin === 'array') return `takes at most ${items(max)}`;
      return `must be ${issue.inclusive ? '≤' : '<'} ${max}, got ${describe(value)}`;
    }
    case 'invalid_format':
      return `${describe(value)} is not valid here: use ${issue.message}`;
    case 'invalid_value':
      return `${describe(value)} is not one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union': {
      const options = 'options' in issue && Array.isArray(issue.options) ? issue.options : [];
      if (options.length === 0) return issue.message;
      const list = options.map((o: unknown) => JSON.stringify(o)).join(', ');
      return value === undefined
        ? `required: one of ${list}`
        : `${describe(value)} is not one of ${list}`;
    }
    default:
      return issue.message;
  }
}

const items = (n: number) => `${n} ${n === 1 ? 'item' : 'items'}`;

function valueAt(raw: unknown, path: readonly PropertyKey[]): unknown {
  let node = raw;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

/** A short, quoted rendering of a JSON value for messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  switch (typeof value) {
    case 'string': {
      const clipped = value.length > 60 ? `${value.slice(0, 57)}…` : value;
      return `the string ${JSON.stringify(clipped)}`;
    }
    case 'number':
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

// ---------------------------------------------------------------------------------------------
// Against the cluster

const CABINET_RE = /^cab-(\d{3})$/;
const RANGE_RE = /^(cab-\d{3})\s*\.\.\s*(cab-\d{3})$/;

type CabinetSpan = { readonly first: number; readonly last: number } | { readonly error: string };

/** One cabinet id `cab-017` or an inclusive range `cab-000..cab-063`. */
function cabinetSpan(cluster: Cluster, rawSpec: string): CabinetSpan {
  const spec = rawSpec.trim();
  const range = RANGE_RE.exec(spec);
  const ends = range ? [range[1], range[2]] : [spec];
  const indices: number[] = [];
  for (const end of ends) {
    const m = CABINET_RE.exec(end);
    if (!m) {
      return {
        error: `"${spec}" is not a compute cabinet or a range of them (expected e.g. cab-017 or cab-000..cab-063)`,
      };
    }
    const index = Number(m[1]);
    if (index >= cluster.computeCabinetCount) {
      return {
        error: `"${spec}": this profile has ${cluster.computeCabinetCount} compute cabinet(s), cab-000 … ${cabinetId(cluster.computeCabinetCount - 1)}`,
      };
    }
    indices.push(index);
  }
  const first = indices[0];
  const last = indices[indices.length - 1];
  if (last < first) {
    return { error: `"${spec}": a range runs from the lower cabinet to the higher one` };
  }
  return { first, last };
}

/** Expands cabinet ids and ranges to cabinet indices, in the order given; a repeat is an error. */
export function expandCabinetRanges(
  cluster: Cluster,
  specs: readonly string[],
): { readonly cabinets: number[] } | { readonly error: string } {
  const cabinets: number[] = [];
  const seen = new Set<number>();
  for (const spec of specs) {
    const span = cabinetSpan(cluster, spec);
    if ('error' in span) return span;
    for (let c = span.first; c <= span.last; c++) {
      if (seen.has(c)) return { error: `"${spec.trim()}": ${cabinetId(c)} is listed twice` };
      seen.add(c);
      cabinets.push(c);
    }
  }
  return { cabinets };
}

/**
 * Checks what the schema cannot: the profile exists and is the cluster's, workload cabinets exist
 * and no two workloads share one, timeline targets exist and are the kind the event needs (a
 * server for server-down, a pod for pod-cut …), every event falls inside `durationSeconds`, and
 * the fabric settings name entities that exist. Empty when all is well.
 */
export function validateScenarioAgainstCluster(
  scenario: Scenario,
  cluster: Cluster,
): ScenarioError[] {
  if (!PROFILES.has(scenario.profile)) {
    return [
      {
        path: 'profile',
        message: `unknown profile "${scenario.profile}" (known: ${[...PROFILES.keys()].join(', ')})`,
      },
    ];
  }
  if (cluster.profile.id !== scenario.profile) {
    return [
      {
        path: 'profile',
        message: `the scenario is for "${scenario.profile}" but was checked against a "${cluster.profile.id}" cluster`,
      },
    ];
  }
  return [
    ...workloadErrors(scenario, cluster),
    ...eventErrors(scenario, cluster, scenario.timeline, 'timeline'),
    ...settingsErrors(scenario, cluster),
  ];
}

/** The same event checks for operator actions kept beside a scenario (paths `actions[i]…`). */
export function validateActionsAgainstCluster(
  scenario: Scenario,
  actions: readonly TimelineEvent[],
  cluster: Cluster,
): ScenarioError[] {
  return eventErrors(scenario, cluster, actions, 'actions');
}

function workloadErrors(scenario: Scenario, cluster: Cluster): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const owner = new Int32Array(cluster.computeCabinetCount).fill(-1);
  const idAt = new Map<string, number>();
  scenario.workloads.forEach((workload, w) => {
    const previous = idAt.get(workload.id);
    if (previous !== undefined) {
      errors.push({
        path: `workloads[${w}].id`,
        message: `"${workload.id}" is already the id of workloads[${previous}]`,
      });
    } else {
      idAt.set(workload.id, w);
    }
    workload.cabinets.forEach((spec, k) => {
      const path = `workloads[${w}].cabinets[${k}]`;
      const span = cabinetSpan(cluster, spec);
      if ('error' in span) {
        errors.push({ path, message: span.error });
        return;
      }
      const clashes = new Map<number, number[]>();
      for (let c = span.first; c <= span.last; c++) {
        const other = owner[c];
        if (other >= 0) clashes.set(other, [...(clashes.get(other) ?? []), c]);
        else owner[c] = w;
      }
      for (const [other, cabinets] of clashes) {
        const where = cabinetList(cabinets);
        errors.push({
          path,
          message:
            other === w
              ? `"${spec}" repeats ${where}, already listed for this workload`
              : `"${spec}" overlaps workloads[${other}] ("${scenario.workloads[other].id}") on ${where}`,
        });
      }
    });
  });
  return errors;
}

const cabinetList = (cabinets: readonly number[]) =>
  cabinets.length === 1
    ? cabinetId(cabinets[0])
    : `${cabinets.length} cabinets, ${cabinetId(cabinets[0])} … ${cabinetId(cabinets[cabinets.length - 1])}`;

type TargetKind =
  'npu' | 'link' | 'server' | 'cabinet' | 'switch' | 'agent' | 'pod' | 'any' | 'workload';

/** What kind of entity each event kind acts on. */
export function targetKindOf(kind: TimelineEventKind): TargetKind {
  switch (kind) {
    case 'npu-fail':
    case 'npu-repair':
      return 'npu';
    case 'link-fail':
    case 'link-repair':
    case 'link-degrade':
    case 'link-flap':
      return 'link';
    case 'server-down':
      return 'server';
    case 'cabinet-power-loss':
      return 'cabinet';
    case 'switch-down':
      return 'switch';
    case 'agent-loss':
      return 'agent';
    case 'pod-cut':
      return 'pod';
    case 'repair':
      return 'any';
    case 'workload-load':
      return 'workload';
  }
}

const isSwitchRef = (cluster: Cluster, ref: EntityRef): boolean =>
  ref.kind === 'icabinet' ||
  (ref.kind === 'node' &&
    (nodeKindOf(cluster, ref.index) === NodeKind.SpineSwitch ||
      nodeKindOf(cluster, ref.index) === NodeKind.CabinetSwitch));

/** Whether `ref` is an entity an event of target kind `wanted` can act on. */
export function targetFits(cluster: Cluster, wanted: TargetKind, ref: EntityRef): boolean {
  switch (wanted) {
    case 'npu':
    case 'link':
    case 'server':
    case 'cabinet':
    case 'pod':
      return ref.kind === wanted;
    case 'switch':
      return isSwitchRef(cluster, ref);
    case 'agent':
      return ref.kind === 'cabinet' || ref.kind === 'icabinet';
    case 'any':
      return ref.kind !== 'supernode';
    case 'workload':
      return false;
  }
}

function targetNeeds(cluster: Cluster, wanted: TargetKind): string {
  const icab = cluster.interconnectCabinetCount > 0;
  switch (wanted) {
    case 'npu':
      return `an NPU id such as ${npuId(cluster, 0)}`;
    case 'link':
      return `a link id, two node ids joined by ~ such as ${linkId(cluster, 0)}`;
    case 'server':
      return `a server id such as ${cabinetId(0)}/srv-0`;
    case 'cabinet':
      return `a compute cabinet id such as ${cabinetId(0)}`;
    case 'switch':
      return icab
        ? `a switch: an interconnect cabinet (icab-00), its spine switch (icab-00/hrs) or a cabinet switch (${cabinetId(0)}/lrs)`
        : `a cabinet switch such as ${cabinetId(0)}/lrs`;
    case 'agent':
      return icab
        ? `a cabinet whose UBM agent is lost: a compute cabinet (${cabinetId(0)}) or an interconnect cabinet (icab-00)`
        : `a compute cabinet whose UBM agent is lost, such as ${cabinetId(0)}`;
    case 'pod':
      return 'a pod id such as pod-0';
    case 'any':
      return 'the id of a device, link, server, cabinet or pod';
    case 'workload':
      return 'a workload id';
  }
}

function eventErrors(
  scenario: Scenario,
  cluster: Cluster,
  events: readonly TimelineEvent[],
  list: string,
): ScenarioError[] {
  const errors: ScenarioError[] = [];
  const workloadIds = [...new Set(scenario.workloads.map((w) => w.id))];
  events.forEach((event, i) => {
    if (event.atSeconds > scenario.durationSeconds) {
      errors.push({
        path: `${list}[${i}].atSeconds`,
        message: `${event.atSeconds} s is after the scenario ends (durationSeconds ${scenario.durationSeconds})`,
      });
    }
    const path = `${list}[${i}].target`;
    const wanted = targetKindOf(event.kind);
    if (wanted === 'workload') {
      if (!workloadIds.includes(event.target)) {
        const known =
          workloadIds.length > 0
            ? `workloads: ${workloadIds.join(', ')}`
            : 'this scenario has no workloads';
        errors.push({
          path,
          message: `"${event.target}" is not a workload of this scenario (${known})`,
        });
      }
      return;
    }
    const parsed = parseEntityId(cluster, event.target);
    if (!parsed.ok) {
      errors.push({ path, message: parsed.reason });
      return;
    }
    if (!targetFits(cluster, wanted, parsed.ref)) {
      errors.push({
        path,
        message: `"${event.target.trim()}" names ${refDescription(cluster, parsed.ref)}, but ${event.kind} needs ${targetNeeds(cluster, wanted)}`,
      });
      return;
    }
    if (event.kind === 'pod-cut' && cluster.interconnectCabinetCount === 0) {
      errors.push({
        path,
        message: `this profile has no spine switches, so ${event.target.trim()} has no spine links to lose (pod-cut needs a multi-pod profile)`,
      });
    }
  });
  return errors;
}

/** Checks the engines' settings against the cluster (the schema has checked their shape). */
function settingsErrors(scenario: Scenario, cluster: Cluster): ScenarioError[] {
  return [...fabricSettingsErrors(scenario, cluster), ...servingErrors(scenario, cluster)];
}

/**
 * The serving fleet fits where it is placed: its cabinets exist, and there are enough instance
 * slots (a tensor-parallel group never splits a server; a larger one takes whole servers).
 */
function servingErrors(scenario: Scenario, cluster: Cluster): ScenarioError[] {
  const serving = scenario.engines?.infernex;
  if (!serving) return [];
  const base = 'engines.infernex';
  const errors: ScenarioError[] = [];
  let servers = cluster.serverCount;
  let where = `the ${cluster.serverCount} servers of ${cluster.profile.id}`;
  if (serving.cabinets) {
    const expanded = expandCabinetRanges(cluster, serving.cabinets);
    if ('error' in expanded) return [{ path: `${base}.cabinets`, message: expanded.error }];
    servers = expanded.cabinets.length * cluster.serversPerCabinet;
    where = `${servers} servers in ${expanded.cabinets.length} cabinet(s)`;
  }
  const tp = serving.tp ?? SERVING_DEFAULTS.tp;
  const instances = serving.instances ?? SERVING_DEFAULTS.instances;
  const perServer = cluster.perServer;
  if (tp > perServer && tp % perServer !== 0) {
    errors.push({
      path: `${base}.tp`,
      message: `tensor-parallel size ${tp} spans servers of ${perServer} accelerators, so it must be a multiple of ${perServer}`,
    });
  } else {
    const slots =
      tp <= perServer
        ? servers * Math.floor(perServer / tp)
        : Math.floor(servers / (tp / perServer));
    if (instances > slots)
      errors.push({
        path: `${base}.instances`,
        message: `${instances} instances of ${tp} accelerators do not fit on ${where}: room for ${slots}`,
      });
  }
  const start = serving.startSeconds ?? 0;
  if (start > scenario.durationSeconds)
    errors.push({
      path: `${base}.startSeconds`,
      message: `${start} s is after the scenario ends (durationSeconds ${scenario.durationSeconds})`,
    });
  return errors;
}

function fabricSettingsErrors(scenario: Scenario, cluster: Cluster): ScenarioError[] {
  const hotSpot = scenario.engines?.fabric?.traffic?.hotSpot;
  if (hotSpot === undefined) return [];
  const path = 'engines.fabric.traffic.hotSpot';
  const parsed = parseEntityId(cluster, hotSpot);
  if (!parsed.ok) return [{ path, message: parsed.reason }];
  if (parsed.ref.kind !== 'npu')
    return [
      {
        path,
        message: `"${hotSpot.trim()}" names ${refDescription(cluster, parsed.ref)}, but the hot spot is ${targetNeeds(cluster, 'npu')}`,
      },
    ];
  return [];
}

function refDescription(cluster: Cluster, ref: EntityRef): string {
  switch (ref.kind) {
    case 'supernode':
      return 'the whole super-node';
    case 'pod':
      return 'a pod';
    case 'cabinet':
      return 'a compute cabinet';
    case 'icabinet':
      return 'an interconnect cabinet';
    case 'server':
      return 'a server';
    case 'npu':
      return 'an NPU';
    case 'link':
      return 'a link';
    case 'node': {
      const name = nodeRoleName(cluster, ref.index);
      return `${/^[aeiouAEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
    }
  }
}
