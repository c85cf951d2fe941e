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
};

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
