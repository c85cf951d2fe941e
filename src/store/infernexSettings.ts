import { isPolicyName, type PolicyName } from '../engines/infernex/routers/types';

/** Where the replayed requests come from. */
export type InferNexTraceSource = 'conversation' | 'azure-code' | 'upload';

export type CompareScenarioKey = 'agg' | 'pd-same' | 'pd-cross';

/** Replay speed: sim seconds per wall second, or as fast as the worker goes. */
export type InferNexSpeed = 50 | 200 | 1000 | 'max';

export const INFERNEX_SPEEDS: readonly InferNexSpeed[] = [50, 200, 1000, 'max'];
export const INFERNEX_LIMITS: readonly number[] = [500, 2000, 5000, 0];
export const INFERNEX_MODELS: readonly { id: string; label: string; tp: number }[] = [
  { id: 'llama3-8b', label: 'Llama 3 8B', tp: 2 },
  { id: 'llama2-70b', label: 'Llama 2 70B', tp: 8 },
];
/** Profiles with a calibrated accelerator; `undefined` in the settings means the console's own. */
export const INFERNEX_PROFILES: readonly string[] = [
  'ub-supernode-8k',
  'ascend-910b-infer',
  'h100-roce',
];

/** The what-if study open below the replay. */
export type InferNexStudy = 'scaling' | 'tiers' | 'goodput';
export const INFERNEX_STUDIES: readonly InferNexStudy[] = ['scaling', 'tiers', 'goodput'];

/** What the InferNex panel is set to: everything a replay or a comparison depends on. */
export interface InferNexSettings {
  readonly trace: InferNexTraceSource;
  /** First N requests of the trace; 0 = the whole trace. */
  readonly limit: number;
  /** Hardware profile; undefined = the profile of the scenario loaded in the console. */
  readonly profile: string | undefined;
  readonly model: string;
  readonly tp: number;
  readonly instances: number;
  readonly mode: 'agg' | 'pd';
  readonly pdPlacement: 'same-server' | 'cross-server';
  readonly policy: PolicyName;
  readonly seed: number;
  readonly speed: InferNexSpeed;
  readonly baseline: PolicyName;
  readonly comparePolicies: readonly PolicyName[];
  readonly compareScenarios: readonly CompareScenarioKey[];
  readonly study: InferNexStudy;
  /** Elastic scaler: group shape P : D, group floor and ceiling, cold start, tidal floor on/off. */
  readonly scaleRatio: readonly [number, number];
  readonly scaleMinGroups: number;
  readonly scaleMaxGroups: number;
  readonly coldStartS: number;
  readonly tidal: boolean;
  /** KV pool beside HBM, GB per pool, and the DRAM size of the what-if run. */
  readonly dramGB: number;
  readonly whatIfDramGB: number;
  readonly nvmeGB: number;
  readonly poolScope: 'global' | 'local';
  /** Goodput SLO: TTFT and TPOT limits, s. */
  readonly sloTtftS: number;
  readonly sloTpotS: number;
  /** A second policy swept beside the replay's, or undefined for one curve. */
  readonly sweepPolicy2: PolicyName | undefined;
}

export const DEFAULT_INFERNEX_SETTINGS: InferNexSettings = {
  trace: 'conversation',
  limit: 2000,
  profile: undefined,
  model: 'llama3-8b',
  tp: 2,
  instances: 16,
  mode: 'agg',
  pdPlacement: 'same-server',
  policy: 'hermes',
  seed: 1,
  speed: 200,
  baseline: 'least-load',
  comparePolicies: ['hermes', 'mooncake'],
  compareScenarios: ['agg', 'pd-same', 'pd-cross'],
  study: 'scaling',
  scaleRatio: [1, 1],
  scaleMinGroups: 1,
  scaleMaxGroups: 8,
  // Engine default (scaler.ts): 60 s, an assumption for loading and warming a model.
  coldStartS: 60,
  tidal: false,
  dramGB: 512,
  whatIfDramGB: 2048,
  nvmeGB: 0,
  poolScope: 'global',
  // FAST'25's TTFT SLO of 30 s and its middle TBT threshold of 200 ms (reference §2).
  sloTtftS: 30,
  sloTpotS: 0.2,
  sweepPolicy2: 'least-load',
};

/** Largest group count the scaler study offers (the instance ceiling applies too). */
export const MAX_SCALE_GROUPS = 64;
const MAX_POOL_GB = 1_000_000;

export const MAX_INSTANCES = 256;

const SCENARIO_KEYS: readonly CompareScenarioKey[] = ['agg', 'pd-same', 'pd-cross'];
const TRACES: readonly InferNexTraceSource[] = ['conversation', 'azure-code', 'upload'];

/**
 * The settings as a compact `key=value` list joined by `;` for a share link. Only what differs
 * from the defaults is written, so the common case costs a few characters.
 */
export function encodeInferNexSettings(settings: InferNexSettings): string {
  const d = DEFAULT_INFERNEX_SETTINGS;
  const out: string[] = [];
  const put = (key: string, value: string, base: string) => {
    if (value !== base) out.push(`${key}=${value}`);
  };
  // An uploaded file cannot travel in a link: the reopened panel falls back to the default trace.
  put('trace', settings.trace === 'upload' ? d.trace : settings.trace, d.trace);
  put('limit', String(settings.limit), String(d.limit));
  put('profile', settings.profile ?? '', d.profile ?? '');
  put('model', settings.model, d.model);
  put('tp', String(settings.tp), String(d.tp));
  put('n', String(settings.instances), String(d.instances));
  put('mode', settings.mode, d.mode);
  put('pd', settings.pdPlacement, d.pdPlacement);
  put('policy', settings.policy, d.policy);
  put('seed', String(settings.seed), String(d.seed));
  put('speed', String(settings.speed), String(d.speed));
  put('base', settings.baseline, d.baseline);
  put('vs', settings.comparePolicies.join(','), d.comparePolicies.join(','));
  put('sc', settings.compareScenarios.join(','), d.compareScenarios.join(','));
  put('study', settings.study, d.study);
  put('ratio', settings.scaleRatio.join(':'), d.scaleRatio.join(':'));
  put(
    'groups',
    `${settings.scaleMinGroups}-${settings.scaleMaxGroups}`,
    `${d.scaleMinGroups}-${d.scaleMaxGroups}`,
  );
  put('cold', String(settings.coldStartS), String(d.coldStartS));
  put('tidal', settings.tidal ? '1' : '0', d.tidal ? '1' : '0');
  put('dram', String(settings.dramGB), String(d.dramGB));
  put('dram2', String(settings.whatIfDramGB), String(d.whatIfDramGB));
  put('nvme', String(settings.nvmeGB), String(d.nvmeGB));
  put('pool', settings.poolScope, d.poolScope);
  put('slo', `${settings.sloTtftS},${settings.sloTpotS}`, `${d.sloTtftS},${d.sloTpotS}`);
  put('sweep2', settings.sweepPolicy2 ?? '', d.sweepPolicy2 ?? '');
  return out.join(';');
}

const wholeNumber = (text: string, min: number, max: number): number | undefined => {
  const n = Number(text);
  return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
};

/**
 * Reads `encodeInferNexSettings` text. Unknown keys and bad values are dropped with a reason each
 * (a link from a newer console still opens); what is missing keeps its default.
 */
export function decodeInferNexSettings(text: string): {
  readonly settings: InferNexSettings;
  readonly problems: readonly string[];
} {
  const problems: string[] = [];
  const s: { -readonly [K in keyof InferNexSettings]: InferNexSettings[K] } = {
    ...DEFAULT_INFERNEX_SETTINGS,
  };
  for (const pair of text.split(';')) {
    if (pair.trim() === '') continue;
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    const bad = () => problems.push(`infernex ${key}: "${value}" is not valid`);
    switch (key) {
      case 'trace':
        if ((TRACES as readonly string[]).includes(value) && value !== 'upload')
          s.trace = value as InferNexTraceSource;
        else bad();
        break;
      case 'limit': {
        const n = wholeNumber(value, 0, 1_000_000);
        if (n === undefined) bad();
        else s.limit = n;
        break;
      }
      case 'profile':
        if (value === '' || INFERNEX_PROFILES.includes(value))
          s.profile = value === '' ? undefined : value;
        else bad();
        break;
      case 'model':
        if (INFERNEX_MODELS.some((m) => m.id === value)) s.model = value;
        else bad();
        break;
      case 'tp': {
        const n = wholeNumber(value, 1, 64);
        if (n === undefined) bad();
        else s.tp = n;
        break;
      }
      case 'n': {
        const n = wholeNumber(value, 1, MAX_INSTANCES);
        if (n === undefined) bad();
        else s.instances = n;
        break;
      }
      case 'mode':
        if (value === 'agg' || value === 'pd') s.mode = value;
        else bad();
        break;
      case 'pd':
        if (value === 'same-server' || value === 'cross-server') s.pdPlacement = value;
        else bad();
        break;
      case 'policy':
        if (isPolicyName(value)) s.policy = value;
        else bad();
        break;
      case 'base':
        if (isPolicyName(value)) s.baseline = value;
        else bad();
        break;
      case 'seed': {
        const n = wholeNumber(value, 0, 2 ** 32 - 1);
        if (n === undefined) bad();
        else s.seed = n;
        break;
      }
      case 'speed': {
        const speed = INFERNEX_SPEEDS.find((x) => String(x) === value);
        if (speed === undefined) bad();
        else s.speed = speed;
        break;
      }
      case 'vs': {
        const names = value.split(',').filter((x) => x !== '');
        if (names.length > 0 && names.every(isPolicyName)) s.comparePolicies = names;
        else bad();
        break;
      }
      case 'sc': {
        const keys = value.split(',').filter((x) => x !== '');
        if (keys.length > 0 && keys.every((k) => (SCENARIO_KEYS as readonly string[]).includes(k)))
          s.compareScenarios = keys as CompareScenarioKey[];
        else bad();
        break;
      }
      case 'study':
        if ((INFERNEX_STUDIES as readonly string[]).includes(value))
          s.study = value as InferNexStudy;
        else bad();
        break;
      case 'ratio': {
        const [p, d] = value.split(':').map((x) => wholeNumber(x, 1, 8));
        if (p === undefined || d === undefined || value.split(':').length !== 2) bad();
        else s.scaleRatio = [p, d];
        break;
      }
      case 'groups': {
        const parts = value.split('-');
        const min = wholeNumber(parts[0] ?? '', 0, MAX_SCALE_GROUPS);
        const max = wholeNumber(parts[1] ?? '', 1, MAX_SCALE_GROUPS);
        if (parts.length !== 2 || min === undefined || max === undefined || min > max) bad();
        else {
          s.scaleMinGroups = min;
          s.scaleMaxGroups = max;
        }
        break;
      }
      case 'cold': {
        const n = wholeNumber(value, 0, 3600);
        if (n === undefined) bad();
        else s.coldStartS = n;
        break;
      }
      case 'tidal':
        if (value === '1' || value === '0') s.tidal = value === '1';
        else bad();
        break;
      case 'dram':
      case 'dram2':
      case 'nvme': {
        const n = wholeNumber(value, 0, MAX_POOL_GB);
        if (n === undefined) bad();
        else if (key === 'dram') s.dramGB = n;
        else if (key === 'dram2') s.whatIfDramGB = n;
        else s.nvmeGB = n;
        break;
      }
      case 'pool':
        if (value === 'global' || value === 'local') s.poolScope = value;
        else bad();
        break;
      case 'slo': {
        const [ttft, tpot] = value.split(',').map(Number);
        if (
          value.split(',').length !== 2 ||
          !(ttft > 0 && ttft <= 3600) ||
          !(tpot > 0 && tpot <= 60)
        )
          bad();
        else {
          s.sloTtftS = ttft;
          s.sloTpotS = tpot;
        }
        break;
      }
      case 'sweep2':
        if (value === '') s.sweepPolicy2 = undefined;
        else if (isPolicyName(value)) s.sweepPolicy2 = value;
        else bad();
        break;
      default:
        problems.push(`infernex: unknown setting "${key}"`);
    }
  }
  return { settings: s, problems };
}

/** Why a configuration cannot run, in words, or undefined when it can. */
export function settingsProblem(
  settings: InferNexSettings,
  accelerators: number,
  perServer: number,
): string | undefined {
  if (!Number.isInteger(settings.instances) || settings.instances < 1)
    return 'instances must be a whole number ≥ 1';
  if (settings.instances > MAX_INSTANCES) return `at most ${MAX_INSTANCES} instances`;
  if (settings.mode === 'pd' && settings.instances < 2)
    return 'PD needs at least one prefill and one decode instance';
  const perInstance =
    settings.tp <= perServer ? settings.tp : perServer * Math.ceil(settings.tp / perServer);
  const groupsPerServer = settings.tp <= perServer ? Math.floor(perServer / settings.tp) : 1;
  const room =
    settings.tp <= perServer
      ? Math.floor(accelerators / perServer) * groupsPerServer
      : Math.floor(accelerators / perInstance);
  if (settings.instances > room)
    return `${settings.instances} instances of ${settings.tp} accelerators do not fit: the profile has room for ${room}`;
  return undefined;
}

/** The profile a replay runs on: the chosen one, else the console's when calibrated, else the 910B cluster. */
export function effectiveProfile(
  settings: InferNexSettings,
  consoleProfile: string | undefined,
): string {
  if (settings.profile !== undefined) return settings.profile;
  if (consoleProfile !== undefined && INFERNEX_PROFILES.includes(consoleProfile))
    return consoleProfile;
  return 'ascend-910b-infer';
}

/**
 * Why a study cannot run with these settings, in words, or undefined when it can. The scaler
 * study places `maxGroups` groups of P + D instances in PD, so that has to fit the profile.
 */
export function studyProblem(
  settings: InferNexSettings,
  study: InferNexStudy,
  accelerators: number,
  perServer: number,
): string | undefined {
  // Every study reports SLO attainment and goodput.
  if (!(settings.sloTtftS > 0 && settings.sloTtftS <= 3600))
    return 'the TTFT SLO must be above 0 and at most 3,600 s';
  if (!(settings.sloTpotS > 0 && settings.sloTpotS <= 60))
    return 'the TPOT SLO must be above 0 and at most 60 s';
  if (study === 'scaling') {
    const [p, d] = settings.scaleRatio;
    if (![p, d].every((x) => Number.isInteger(x) && x >= 1 && x <= 8))
      return 'the P : D ratio takes whole numbers from 1 to 8';
    const { scaleMinGroups: min, scaleMaxGroups: max } = settings;
    if (!Number.isInteger(min) || min < 0) return 'min groups must be a whole number ≥ 0';
    if (!Number.isInteger(max) || max < 1 || max > MAX_SCALE_GROUPS)
      return `max groups must be a whole number from 1 to ${MAX_SCALE_GROUPS}`;
    if (min > max) return `min groups (${min}) is above max groups (${max})`;
    if (
      !Number.isInteger(settings.coldStartS) ||
      settings.coldStartS < 0 ||
      settings.coldStartS > 3600
    )
      return 'cold start must be a whole number of seconds from 0 to 3,600';
    const fit = settingsProblem(
      { ...settings, mode: 'pd', instances: max * (p + d) },
      accelerators,
      perServer,
    );
    return fit && `${max} groups of ${p}P + ${d}D: ${fit}`;
  }
  if (study === 'tiers') {
    for (const [label, gb] of [
      ['DRAM', settings.dramGB],
      ['what-if DRAM', settings.whatIfDramGB],
      ['NVMe', settings.nvmeGB],
    ] as const)
      if (!Number.isInteger(gb) || gb < 0 || gb > MAX_POOL_GB)
        return `${label} must be a whole number of GB from 0 to ${MAX_POOL_GB.toLocaleString('en-US')}`;
    return settingsProblem(settings, accelerators, perServer);
  }
  return settingsProblem(settings, accelerators, perServer);
}
