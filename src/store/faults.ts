import { entityId, parseEntityId, type Cluster } from '../model';
import type { FaultRecord } from '../sim/frame';
import {
  FAULT_KINDS,
  timelineEventSchema,
  type FaultKind,
  type Scenario,
  type TimelineEvent,
} from '../sim/scenario';
import {
  targetFits,
  targetKindOf,
  validateActionsAgainstCluster,
  zodIssuesToErrors,
} from '../sim/scenarioIo';
import { formatSimTime, parseDuration, secondsToUs, usToSeconds } from '../sim/time';

/**
 * The fault-injection form of the console, checked before anything reaches the timeline: every
 * problem comes back as one message naming the field and what is wrong, and an accepted form is
 * exactly one timeline event. Pure, so the rules are unit-tested without a browser.
 */

/** What the inject panel can put on the timeline: every fault kind, and a repair. */
export const FAULT_FORM_KINDS = [...FAULT_KINDS, 'repair'] as const;
export type FaultFormKind = (typeof FAULT_FORM_KINDS)[number];

export const FAULT_KIND_LABELS: Readonly<Record<FaultFormKind, string>> = {
  'npu-fail': 'NPU failure',
  'link-fail': 'Link down',
  'link-degrade': 'Link degraded',
  'link-flap': 'Link flapping',
  'server-down': 'Server down',
  'cabinet-power-loss': 'Cabinet power loss',
  'switch-down': 'Switch / interconnect cabinet down',
  'agent-loss': 'UBM agent loss',
  'pod-cut': 'Pod cut off',
  repair: 'Repair (end active faults)',
};

export interface FaultForm {
  readonly kind: FaultFormKind;
  readonly target: string;
  readonly start: 'now' | 'at';
  /** Sim time to start at (`90s`, `5m`, a bare number of seconds) when `start` is `at`. */
  readonly atText: string;
  readonly end: 'repaired' | 'after';
  readonly durationText: string;
  readonly recur: boolean;
  readonly everyText: string;
  readonly timesText: string;
  /** link-degrade: the bandwidth left, percent. */
  readonly bandwidthText: string;
  /** link-flap: period and down time per period. */
  readonly flapPeriodText: string;
  readonly flapDownText: string;
}

export const DEFAULT_FAULT_FORM: FaultForm = {
  kind: 'npu-fail',
  target: '',
  start: 'now',
  atText: '',
  end: 'repaired',
  durationText: '60s',
  recur: false,
  everyText: '10m',
  timesText: '3',
  bandwidthText: '25',
  flapPeriodText: '10s',
  flapDownText: '2s',
};

export type FaultFormField =
  | 'kind'
  | 'target'
  | 'at'
  | 'duration'
  | 'every'
  | 'times'
  | 'bandwidth'
  | 'flapPeriod'
  | 'flapDown';

export type FaultFormResult =
  | {
      readonly ok: true;
      /** `atSeconds` is the start; with `startNow` the engines' time replaces it when applied. */
      readonly event: TimelineEvent;
      readonly startNow: boolean;
    }
  | { readonly ok: false; readonly field: FaultFormField; readonly message: string };

export interface FaultFormContext {
  readonly scenario: Scenario;
  readonly cluster: Cluster;
  /** The engines' time now, µs. */
  readonly nowUs: number;
  /** The faults of the latest frame. */
  readonly faults: readonly FaultRecord[];
}

const refuse = (field: FaultFormField, message: string): FaultFormResult => ({
  ok: false,
  field,
  message,
});

/** A duration field in seconds, or the reason it is not one. */
function durationField(text: string, what: string): number | string {
  const trimmed = text.trim();
  if (trimmed === '') return `${what}: required (e.g. 30s, 5m, 1.5h)`;
  const us = parseDuration(trimmed);
  if (us === undefined) return `${what}: "${trimmed}" is not a duration (e.g. 30s, 5m, 1.5h)`;
  if (us <= 0) return `${what}: must be longer than 0 s`;
  return usToSeconds(us);
}

/** The canonical id of what `raw` names, or `raw` trimmed when it names nothing. */
export function canonicalId(cluster: Cluster, raw: string): string {
  const parsed = parseEntityId(cluster, raw);
  return parsed.ok ? entityId(cluster, parsed.ref) : raw.trim();
}

/**
 * Active faults that take `id` down: its own, and those of what contains it (the cabinet of an
 * NPU, its server). The inspector's Repair and the repair check use it.
 */
export function activeFaultsCovering(
  cluster: Cluster,
  faults: readonly FaultRecord[],
  id: string,
): FaultRecord[] {
  const self = canonicalId(cluster, id);
  return faults.filter((f) => {
    if (!f.active) return false;
    const target = canonicalId(cluster, f.target);
    return target === self || self.startsWith(`${target}/`);
  });
}

/** Checks the form and builds its timeline event; nothing is changed either way. */
export function checkFaultForm(form: FaultForm, context: FaultFormContext): FaultFormResult {
  const { scenario, cluster, nowUs, faults } = context;
  if (!(FAULT_FORM_KINDS as readonly string[]).includes(form.kind))
    return refuse('kind', `"${form.kind}" is not a fault kind`);
  const raw = form.target.trim();
  if (raw === '')
    return refuse(
      'target',
      'Target: type an id (e.g. cab-010), use the current selection or pick it in 3D',
    );
  const parsed = parseEntityId(cluster, raw);
  if (!parsed.ok) return refuse('target', `Target: ${parsed.reason}`);
  const target = entityId(cluster, parsed.ref);

  let atSeconds = usToSeconds(nowUs);
  const startNow = form.start === 'now';
  if (!startNow) {
    const text = form.atText.trim();
    const atUs = parseDuration(text);
    if (atUs === undefined)
      return refuse(
        'at',
        text === ''
          ? 'Start time: required (a sim time such as 90s, 5m or 1.5h)'
          : `Start time: "${text}" is not a sim time (e.g. 90s, 5m, 1.5h)`,
      );
    atSeconds = usToSeconds(atUs);
    if (secondsToUs(atSeconds) < nowUs)
      return refuse(
        'at',
        `Start time: ${formatSimTime(secondsToUs(atSeconds))} is in the past (now ${formatSimTime(nowUs)}): choose a later time or start now`,
      );
  }

  const kind = form.kind;
  let event: Record<string, unknown> = { kind, target, atSeconds, by: 'operator' };
  if (kind === 'repair') {
    const own = faults.filter((f) => f.active && canonicalId(cluster, f.target) === target);
    if (own.length === 0 && startNow) {
      const covering = activeFaultsCovering(cluster, faults, target);
      return refuse(
        'target',
        covering.length > 0
          ? `Nothing to repair on ${target} itself: it is down because of ${covering[0].id} (${covering[0].kind} on ${covering[0].target}); repair ${covering[0].target}`
          : `Nothing to repair: ${target} has no active fault (it is healthy)`,
      );
    }
  } else {
    const duplicate = faults.find(
      (f) => f.active && f.kind === kind && canonicalId(cluster, f.target) === target,
    );
    if (duplicate && startNow)
      return refuse(
        'target',
        `${target} already has an active ${kind} (${duplicate.id}, ${duplicate.current}); repair it first`,
      );
    if (form.end === 'after') {
      const d = durationField(form.durationText, 'Duration');
      if (typeof d === 'string') return refuse('duration', d);
      event.durationSeconds = d;
    }
    if (form.recur) {
      const every = durationField(form.everyText, 'Repeat every');
      if (typeof every === 'string') return refuse('every', every);
      const times = Number(form.timesText.trim());
      if (!/^\d+$/.test(form.timesText.trim()) || times < 2 || times > 1000)
        return refuse(
          'times',
          `Occurrences: "${form.timesText.trim()}" must be a whole number from 2 to 1000`,
        );
      if (form.end !== 'after')
        return refuse(
          'duration',
          'Duration: a recurring fault needs a duration (each occurrence ends before the next starts)',
        );
      event.repeat = { everySeconds: every, times };
    }
    if (kind === 'link-degrade') {
      const pct = Number(form.bandwidthText.trim());
      if (form.bandwidthText.trim() === '' || !Number.isFinite(pct) || pct <= 0 || pct >= 100)
        return refuse(
          'bandwidth',
          `Bandwidth left: "${form.bandwidthText.trim()}" must be a percentage between 0 and 100 (exclusive)`,
        );
      event = { ...event, bandwidthFraction: pct / 100 };
    }
    if (kind === 'link-flap') {
      const period = durationField(form.flapPeriodText, 'Flap period');
      if (typeof period === 'string') return refuse('flapPeriod', period);
      const down = durationField(form.flapDownText, 'Down time');
      if (typeof down === 'string') return refuse('flapDown', down);
      event = { ...event, flapPeriodSeconds: period, downSeconds: down };
    }
  }

  const schema = timelineEventSchema.safeParse(event);
  if (!schema.success) {
    const issue = schema.error.issues[0];
    const message = zodIssuesToErrors([issue], event, [], 'a fault')[0]?.message ?? issue.message;
    const field = FIELD_OF_PATH[String(issue.path[0])] ?? 'kind';
    return refuse(field, `${FIELD_LABEL[field]}: ${message}`);
  }
  const problems = validateActionsAgainstCluster(scenario, [schema.data], cluster);
  if (problems.length > 0) {
    const p = problems[0];
    const field: FaultFormField = p.path.endsWith('atSeconds') ? 'at' : 'target';
    return refuse(field, `${FIELD_LABEL[field]}: ${p.message}`);
  }
  return { ok: true, event: schema.data, startNow };
}

const FIELD_OF_PATH: Readonly<Record<string, FaultFormField>> = {
  target: 'target',
  atSeconds: 'at',
  durationSeconds: 'duration',
  repeat: 'every',
  bandwidthFraction: 'bandwidth',
  flapPeriodSeconds: 'flapPeriod',
  downSeconds: 'flapDown',
};

const FIELD_LABEL: Readonly<Record<FaultFormField, string>> = {
  kind: 'Fault kind',
  target: 'Target',
  at: 'Start time',
  duration: 'Duration',
  every: 'Repeat every',
  times: 'Occurrences',
  bandwidth: 'Bandwidth left',
  flapPeriod: 'Flap period',
  flapDown: 'Down time',
};

/** Fault kinds whose target can be the entity `id` names (what "use selection" offers). */
export function kindsFor(cluster: Cluster, id: string): FaultKind[] {
  const parsed = parseEntityId(cluster, id);
  if (!parsed.ok) return [];
  return FAULT_KINDS.filter(
    (kind) =>
      targetFits(cluster, targetKindOf(kind), parsed.ref) &&
      (kind !== 'pod-cut' || cluster.interconnectCabinetCount > 0),
  );
}
