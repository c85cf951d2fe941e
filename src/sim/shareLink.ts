import { deflateSync, Inflate, strFromU8, strToU8 } from 'fflate';
import { z } from 'zod';
import { parseEntityId, type Cluster } from '../model';
import { timelineEventSchema, type Scenario, type TimelineEvent } from './scenario';
import {
  parseJson,
  validateActionsAgainstCluster,
  validateScenario,
  validateScenarioAgainstCluster,
  zodIssuesToErrors,
  type ScenarioError,
} from './scenarioIo';

/**
 * The share link: `scenario + actions + view` as JSON, deflated and base64url-encoded into the URL
 * fragment, so opening the link lands on the same moment of the same run. Decoding never throws:
 * a bad link yields one sentence saying what is wrong and where, and the raw payload so the console
 * can offer it for download before it falls back to the default scenario.
 */
export interface ViewState {
  readonly simTimeUs: number;
  readonly camera?: {
    readonly position: [number, number, number];
    readonly target: [number, number, number];
  };
  /** Selected entity ids. */
  readonly selection: string[];
  readonly focusedCabinet?: string;
  readonly panel?: string;
  readonly metric?: string;
  /** The InferNex panel's settings, `key=value;…` (only those that differ from the defaults). */
  readonly infernex?: string;
}

export interface ShareState {
  readonly v: 1;
  readonly scenario: Scenario;
  readonly actions: TimelineEvent[];
  readonly view: ViewState;
}

export type DecodeResult =
  | { readonly ok: true; readonly state: ShareState; readonly migratedFrom?: number }
  | { readonly ok: false; readonly reason: string; readonly payload: string };

export interface DecodeOptions {
  /**
   * When given, the scenario, the actions and the view's ids are also checked against the cluster
   * of the scenario's profile, so a link naming a cabinet the profile lacks is refused up front.
   */
  readonly clusterFor?: (profileId: string) => Cluster | undefined;
}

export const SHARE_STATE_VERSION = 1;
export const SHARE_PREFIX = 's1.';
/** Characters of fragment past which the console offers the same JSON as a file instead. */
export const SHARE_INLINE_LIMIT = 4000;
/** The most a fragment may inflate to: a link is a few KB, so anything near this is hostile. */
export const SHARE_MAX_INFLATED_BYTES = 8 * 1024 * 1024;
/** The longest fragment decoded at all (base64 of the inflate cap, with room to spare). */
export const SHARE_MAX_FRAGMENT_CHARS = 16 * 1024 * 1024;

const finite = z.number().finite();
const vec3 = z.tuple([finite, finite, finite]);
const shortText = z.string().min(1).max(200);

export const viewStateSchema = z
  .object({
    simTimeUs: z.number().int().min(0),
    camera: z.object({ position: vec3, target: vec3 }).strict().optional(),
    selection: z.array(shortText).max(100_000),
    focusedCabinet: shortText.optional(),
    panel: shortText.optional(),
    metric: shortText.optional(),
    /** The InferNex panel's settings, `key=value;…` (only those that differ from the defaults). */
    infernex: shortText.optional(),
  })
  .strict();

// ---------------------------------------------------------------------------------------------
// Encoding

/** The fragment, without '#': `s1.` + base64url(deflate(UTF-8 JSON)). */
export function encodeShareState(state: ShareState): string {
  return SHARE_PREFIX + base64UrlEncode(deflateSync(strToU8(JSON.stringify(state)), { level: 9 }));
}

/** The same state as a JSON file, for links past `SHARE_INLINE_LIMIT`. */
export function serializeShareState(state: ShareState): string {
  return `${JSON.stringify(state, undefined, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Decoding

/**
 * Decodes a fragment with or without its leading '#', or a whole URL (the part after '#' counts).
 * Never throws.
 */
export function decodeShareFragment(fragment: string, options: DecodeOptions = {}): DecodeResult {
  const input = typeof fragment === 'string' ? fragment : '';
  const hash = input.indexOf('#');
  const payload = hash >= 0 ? input.slice(hash + 1) : input;
  const fail = (reason: string): DecodeResult => ({ ok: false, reason, payload });
  try {
    return decodePayload(
      payload.trim(),
      hash < 0 && /^[a-z][\w+.-]*:\/\//i.test(input),
      options,
      fail,
    );
  } catch (error) {
    // Every step reports its own failures; this only guards against the unforeseen.
    const detail = error instanceof Error ? error.message : String(error);
    return fail(`The link could not be read: ${detail}.`);
  }
}

function decodePayload(
  text: string,
  urlWithoutHash: boolean,
  options: DecodeOptions,
  fail: (reason: string) => DecodeResult,
): DecodeResult {
  if (urlWithoutHash) return fail("The link has no '#' part, so it carries no shared state.");
  if (text === '') return fail("The link carries no shared state after '#'.");
  const format = /^s(\d+)\./.exec(text);
  if (!format) {
    return fail(
      `The link's state does not start with "${SHARE_PREFIX}", so it is not a share link of this twin.`,
    );
  }
  if (format[0] !== SHARE_PREFIX) {
    return fail(
      `The link uses share format s${format[1]}, which this twin does not read (it reads s${SHARE_STATE_VERSION}).`,
    );
  }
  const body = text.slice(SHARE_PREFIX.length);
  if (body === '') return fail(`The link has the "${SHARE_PREFIX}" prefix but no data after it.`);
  if (body.length > SHARE_MAX_FRAGMENT_CHARS) {
    return fail(
      `The link's data is ${body.length} characters long, more than any share link holds.`,
    );
  }
  const bytes = base64UrlDecode(body);
  if (!bytes.ok) {
    const where = SHARE_PREFIX.length + bytes.position;
    return fail(`The link's data is not valid base64url: ${bytes.message} at character ${where}.`);
  }
  const inflated = inflateCapped(bytes.bytes, SHARE_MAX_INFLATED_BYTES);
  if (!inflated.ok) {
    return fail(
      inflated.tooLarge
        ? `The link's data inflates past ${SHARE_MAX_INFLATED_BYTES / (1024 * 1024)} MB, more than any share link holds.`
        : "The link's compressed data is corrupt or cut short (it does not inflate).",
    );
  }
  const badByte = firstInvalidUtf8Byte(inflated.bytes);
  if (badByte >= 0) {
    return fail(`The link's data is not valid UTF-8 text (byte ${badByte} of the inflated data).`);
  }
  const json = parseJson(strFromU8(inflated.bytes));
  if (!json.ok) {
    return fail(
      `The link's data is not valid JSON (line ${json.line}, column ${json.column}: ${json.message}).`,
    );
  }
  const state = validateShareState(json.value, options);
  return state.ok ? state : fail(state.reason);
}

/** Reads a share state saved as a JSON file (the fallback for long links). Never throws. */
export function parseShareStateJson(text: string, options: DecodeOptions = {}): DecodeResult {
  try {
    const json = parseJson(text);
    if (!json.ok) {
      return {
        ok: false,
        reason: `The file is not valid JSON (line ${json.line}, column ${json.column}: ${json.message}).`,
        payload: text,
      };
    }
    const state = validateShareState(json.value, options);
    return state.ok ? state : { ok: false, reason: state.reason, payload: text };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `The file could not be read: ${detail}.`, payload: text };
  }
}

export type ShareStateCheck =
  | { readonly ok: true; readonly state: ShareState; readonly migratedFrom?: number }
  | { readonly ok: false; readonly reason: string };

const SHARE_KEYS = new Set(['v', 'scenario', 'actions', 'view']);
const actionsSchema = z.array(timelineEventSchema).max(100_000);

/** Checks a parsed share state: envelope, scenario (migrated), actions, view. */
export function validateShareState(raw: unknown, options: DecodeOptions = {}): ShareStateCheck {
  const fail = (reason: string): ShareStateCheck => ({ ok: false, reason });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail(`The shared state is not a JSON object (found ${shapeOf(raw)}).`);
  }
  const record = raw as Record<string, unknown>;
  const unknownKey = Object.keys(record).find((key) => !SHARE_KEYS.has(key));
  if (unknownKey !== undefined) {
    return fail(
      `The shared state has an unknown field "${unknownKey}" (it holds only v, scenario, actions and view).`,
    );
  }
  if (record.v !== SHARE_STATE_VERSION) {
    return fail(
      record.v === undefined
        ? `The shared state has no version "v" (expected ${SHARE_STATE_VERSION}).`
        : `The shared state has version v=${JSON.stringify(record.v)}, but this twin reads v=${SHARE_STATE_VERSION}.`,
    );
  }
  for (const key of ['scenario', 'actions', 'view'] as const) {
    if (record[key] === undefined) return fail(`The shared state has no "${key}".`);
  }

  const scenario = validateScenario(record.scenario);
  if (!scenario.ok) return fail(sentence("The link's scenario is invalid", scenario.errors));

  const actions = actionsSchema.safeParse(record.actions);
  if (!actions.success) {
    return fail(
      sentence(
        "The link's operator actions are invalid",
        zodIssuesToErrors(actions.error.issues, record.actions, ['actions'], 'a timeline event'),
      ),
    );
  }

  const view = viewStateSchema.safeParse(record.view);
  if (!view.success) {
    return fail(
      sentence(
        "The link's view is invalid",
        zodIssuesToErrors(view.error.issues, record.view, ['view'], 'the view state'),
      ),
    );
  }

  const cluster = options.clusterFor?.(scenario.scenario.profile);
  if (options.clusterFor) {
    if (!cluster) {
      return fail(
        sentence("The link's scenario is invalid", [
          { path: 'profile', message: `unknown profile "${scenario.scenario.profile}"` },
        ]),
      );
    }
    const semantic = validateScenarioAgainstCluster(scenario.scenario, cluster);
    if (semantic.length > 0) return fail(sentence("The link's scenario is invalid", semantic));
    const actionErrors = validateActionsAgainstCluster(scenario.scenario, actions.data, cluster);
    if (actionErrors.length > 0) {
      return fail(sentence("The link's operator actions are invalid", actionErrors));
    }
    const viewErrors = viewIdErrors(view.data, cluster);
    if (viewErrors.length > 0) return fail(sentence("The link's view is invalid", viewErrors));
  }

  const state: ShareState = {
    v: SHARE_STATE_VERSION,
    scenario: scenario.scenario,
    actions: actions.data,
    view: view.data,
  };
  return scenario.migratedFrom === undefined
    ? { ok: true, state }
    : { ok: true, state, migratedFrom: scenario.migratedFrom };
}

function viewIdErrors(view: ViewState, cluster: Cluster): ScenarioError[] {
  const errors: ScenarioError[] = [];
  view.selection.forEach((id, i) => {
    const parsed = parseEntityId(cluster, id);
    if (!parsed.ok) errors.push({ path: `view.selection[${i}]`, message: parsed.reason });
  });
  if (view.focusedCabinet !== undefined) {
    const parsed = parseEntityId(cluster, view.focusedCabinet);
    if (!parsed.ok) errors.push({ path: 'view.focusedCabinet', message: parsed.reason });
    else if (parsed.ref.kind !== 'cabinet') {
      errors.push({
        path: 'view.focusedCabinet',
        message: `"${view.focusedCabinet}" is not a compute cabinet id (expected e.g. cab-017)`,
      });
    }
  }
  return errors;
}

/** "The link's view is invalid at view.simTimeUs: must be ≥ 0, got -5 (and 1 more problem)." */
function sentence(what: string, errors: readonly ScenarioError[]): string {
  const first = errors[0];
  if (first === undefined) return `${what}.`;
  const more =
    errors.length > 1
      ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''})`
      : '';
  return `${what} at ${first.path}: ${first.message}${more}.`;
}

function shapeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}

// ---------------------------------------------------------------------------------------------
// Bytes

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const DECODE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** RFC 4648 §5 base64url without padding; needs neither Buffer nor btoa. */
export function base64UrlEncode(bytes: Uint8Array): string {
  const out: string[] = [];
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out.push(
      ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63],
    );
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = bytes[i] << 16;
    out.push(ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63]);
  } else if (rest === 2) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
    out.push(ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63]);
  }
  return out.join('');
}

export type Base64Decode =
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly position: number; readonly message: string };

/** Inverse of `base64UrlEncode`; tolerates trailing '=' padding, rejects anything else. */
export function base64UrlDecode(text: string): Base64Decode {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x3d) end--;
  if (end % 4 === 1) {
    return {
      ok: false,
      position: end - 1,
      message: 'the data is cut short (a stray final character)',
    };
  }
  const bytes = new Uint8Array(Math.floor((end * 3) / 4));
  let acc = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    const v = code < 128 ? DECODE[code] : -1;
    if (v < 0) {
      return { ok: false, position: i, message: `unexpected character ${JSON.stringify(text[i])}` };
    }
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[o++] = (acc >> bits) & 0xff;
    }
  }
  return { ok: true, bytes };
}

/** fflate feeds its output per pushed chunk; 1 KB in can inflate to at most ~1 MB out. */
const INFLATE_CHUNK = 1024;

/**
 * Inflates raw deflate data, giving up as soon as the output passes `maxBytes`: the input is fed
 * in small chunks, so a deflate bomb is stopped before it can take the memory it asks for.
 */
export function inflateCapped(
  data: Uint8Array,
  maxBytes: number,
):
  | { readonly ok: true; readonly bytes: Uint8Array }
  | { readonly ok: false; readonly tooLarge: boolean } {
  if (data.length === 0) return { ok: false, tooLarge: false };
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooLarge = false;
  let ended = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) tooLarge = true;
    else chunks.push(chunk);
    if (final) ended = true;
  });
  try {
    for (let i = 0; i < data.length && !tooLarge; i += INFLATE_CHUNK) {
      const end = Math.min(i + INFLATE_CHUNK, data.length);
      inflater.push(data.subarray(i, end), end === data.length);
    }
  } catch {
    return { ok: false, tooLarge: false };
  }
  if (tooLarge) return { ok: false, tooLarge: true };
  if (!ended) return { ok: false, tooLarge: false };
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return { ok: true, bytes };
}

/** Index of the first byte that breaks well-formed UTF-8 (RFC 3629), or -1. */
export function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0; // overlong
      if (b === 0xed) hi = 0x9f; // surrogates
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90; // overlong
      if (b === 0xf4) hi = 0x8f; // past U+10FFFF
    } else return i;
    if (i + need >= n) return i;
    const second = bytes[i + 1];
    if (second < lo || second > hi) return i;
    for (let k = 2; k <= need; k++) {
      const c = bytes[i + k];
      if (c < 0x80 || c > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}
