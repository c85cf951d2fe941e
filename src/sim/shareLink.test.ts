import { deflateSync, strToU8 } from 'fflate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCluster, getProfile, type Cluster } from '../model';
import { defaultScenario } from '../scenarios';
import type { TimelineEvent } from './scenario';
import { validateScenario } from './scenarioIo';
import {
  base64UrlDecode,
  base64UrlEncode,
  decodeShareFragment,
  encodeShareState,
  firstInvalidUtf8Byte,
  inflateCapped,
  parseShareStateJson,
  serializeShareState,
  SHARE_INLINE_LIMIT,
  SHARE_MAX_INFLATED_BYTES,
  viewStateSchema,
  type DecodeResult,
  type ShareState,
} from './shareLink';

const actions: TimelineEvent[] = [
  {
    atSeconds: 42.5,
    kind: 'npu-fail',
    target: 'cab-100/srv-7/npu-0',
    by: 'operator',
    note: 'drill',
  },
  {
    atSeconds: 61,
    kind: 'link-fail',
    target: 'cab-100/srv-7/npu-0~cab-100/srv-7/npu-1',
    by: 'operator',
  },
  {
    atSeconds: 75,
    kind: 'workload-load',
    target: 'chat-inference',
    utilisation: 0.95,
    by: 'operator',
  },
];

const state: ShareState = {
  v: 1,
  scenario: defaultScenario(),
  actions,
  view: {
    simTimeUs: 75_000_000,
    camera: { position: [12.5, 30, -40.25], target: [0, 0, 0] },
    selection: ['cab-100/srv-7/npu-0', 'cab-100'],
    focusedCabinet: 'cab-100',
    panel: 'fabric',
    metric: 'linkLoad',
  },
};

/** Builds a fragment from arbitrary bytes, the way a hand-made or damaged link would carry them. */
const fragmentOf = (bytes: Uint8Array) => `s1.${base64UrlEncode(deflateSync(bytes, { level: 9 }))}`;
const fragmentOfJson = (value: unknown) => fragmentOf(strToU8(JSON.stringify(value)));

const reasonOf = (result: DecodeResult) => (result.ok ? 'ok' : result.reason);

describe('base64url', () => {
  it('matches Node’s base64url for every length 0…64 and random contents', () => {
    const rng = fc.sample(fc.uint8Array({ minLength: 0, maxLength: 64 }), {
      numRuns: 300,
      seed: 3,
    });
    for (let n = 0; n <= 64; n++)
      rng.push(Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255));
    for (const bytes of rng) {
      const text = base64UrlEncode(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(base64UrlDecode(text)).toEqual({ ok: true, bytes });
    }
  });

  it('reports the first bad character and impossible lengths', () => {
    expect(base64UrlDecode('abc+def')).toEqual({
      ok: false,
      position: 3,
      message: 'unexpected character "+"',
    });
    expect(base64UrlDecode('abcde')).toEqual({
      ok: false,
      position: 4,
      message: 'the data is cut short (a stray final character)',
    });
    expect(base64UrlDecode('YQ==')).toEqual({ ok: true, bytes: Uint8Array.from([0x61]) });
  });
});

describe('firstInvalidUtf8Byte', () => {
  it('agrees with a strict TextDecoder on 3,000 random byte strings', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        let valid = true;
        try {
          strict.decode(bytes);
        } catch {
          valid = false;
        }
        expect(firstInvalidUtf8Byte(bytes) === -1).toBe(valid);
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it('finds overlongs, surrogates, truncations and out-of-range code points', () => {
    expect(firstInvalidUtf8Byte(strToU8('héllo €😀'))).toBe(-1);
    expect(firstInvalidUtf8Byte(Uint8Array.from([0x41, 0xc0, 0x80]))).toBe(1);
    expect(firstInvalidUtf8Byte(Uint8Array.from([0xed, 0xa0, 0x80]))).toBe(0);
    expect(firstInvalidUtf8Byte(Uint8Array.from([0x41, 0x42, 0xe2, 0x82]))).toBe(2);
    expect(firstInvalidUtf8Byte(Uint8Array.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0);
    expect(firstInvalidUtf8Byte(Uint8Array.from([0x80]))).toBe(0);
  });
});

describe('inflateCapped', () => {
  it('stops a deflate bomb at the cap', () => {
    const bomb = deflateSync(new Uint8Array(16 * 1024 * 1024), { level: 9 });
    expect(bomb.length).toBeLessThan(20_000);
    expect(inflateCapped(bomb, SHARE_MAX_INFLATED_BYTES)).toEqual({ ok: false, tooLarge: true });
    const fine = inflateCapped(bomb, 16 * 1024 * 1024);
    expect(fine.ok && fine.bytes.length).toBe(16 * 1024 * 1024);
  });

  it('refuses empty, truncated and garbage input', () => {
    const good = deflateSync(strToU8('x'.repeat(5000) + 'yz'.repeat(3000)));
    expect(inflateCapped(new Uint8Array(0), 100)).toEqual({ ok: false, tooLarge: false });
    expect(inflateCapped(good.subarray(0, good.length - 3), 1e6)).toEqual({
      ok: false,
      tooLarge: false,
    });
    expect(inflateCapped(Uint8Array.from([0xff, 0xff, 0xff]), 1e6)).toEqual({
      ok: false,
      tooLarge: false,
    });
  });
});

describe('share link round trip', () => {
  it('encodes the default scenario with actions and view well inside the inline limit', () => {
    const fragment = encodeShareState(state);
    expect(fragment.startsWith('s1.')).toBe(true);
    expect(fragment).toMatch(/^s1\.[A-Za-z0-9_-]+$/);
    expect(fragment.length).toBeLessThan(SHARE_INLINE_LIMIT);
    // Deflate at level 9 more than pays for base64's 4/3: the JSON is ~2.0 KB, the link ~1.2 K.
    expect(JSON.stringify(state).length).toBeGreaterThan(1900);
    expect(fragment.length).toBeLessThan(JSON.stringify(state).length * 0.65);
    expect(decodeShareFragment(fragment)).toEqual({ ok: true, state });
  });

  it('accepts the fragment with a leading #, and a whole URL', () => {
    const fragment = encodeShareState(state);
    expect(decodeShareFragment(`#${fragment}`)).toEqual({ ok: true, state });
    expect(decodeShareFragment(`https://twin.example/console?x=1#${fragment}`)).toEqual({
      ok: true,
      state,
    });
    expect(decodeShareFragment(`  #${fragment}\n`)).toEqual({ ok: true, state });
  });

  it('is deterministic', () => {
    expect(encodeShareState(state)).toBe(encodeShareState(structuredClone(state)));
  });

  it('reads the same state back from its JSON file form', () => {
    expect(parseShareStateJson(serializeShareState(state))).toEqual({ ok: true, state });
    expect(reasonOf(parseShareStateJson('{"v": 1,'))).toBe(
      "The file is not valid JSON (line 1, column 9: unexpected end of the text (1 unclosed '{')).",
    );
  });

  it('migrates an older scenario inside a link and says so', () => {
    const v0Scenario = {
      version: 0,
      name: 'old link',
      profile: 'ub-lab-1cab',
      seed: 'seed-text',
      timeline: [{ at: '2m', kind: 'npu-fail', target: 'cab-000/srv-0/npu-0' }],
    };
    const result = decodeShareFragment(
      fragmentOfJson({
        v: 1,
        scenario: v0Scenario,
        actions: [],
        view: { simTimeUs: 0, selection: [] },
      }),
    );
    expect(result).toMatchObject({ ok: true, migratedFrom: 0 });
    expect(result.ok && result.state.scenario.timeline[0].atSeconds).toBe(120);
  });
});

describe('share link failures', () => {
  const view = { simTimeUs: 0, selection: [] };
  const valid = { v: 1, scenario: defaultScenario(), actions: [], view };
  const cases: [string, string, string][] = [
    ['empty', '', "The link carries no shared state after '#'."],
    ['only a hash', '#', "The link carries no shared state after '#'."],
    [
      'a URL without a fragment',
      'https://twin.example/console',
      "The link has no '#' part, so it carries no shared state.",
    ],
    [
      'bad prefix',
      'x1.abc',
      'The link\'s state does not start with "s1.", so it is not a share link of this twin.',
    ],
    [
      'future prefix',
      's2.abc',
      'The link uses share format s2, which this twin does not read (it reads s1).',
    ],
    ['no data', 's1.', 'The link has the "s1." prefix but no data after it.'],
    [
      'bad base64',
      's1.abc$def',
      'The link\'s data is not valid base64url: unexpected character "$" at character 6.',
    ],
    [
      'impossible base64 length',
      's1.abcde',
      "The link's data is not valid base64url: the data is cut short (a stray final character) at character 7.",
    ],
    [
      'bad deflate',
      `s1.${base64UrlEncode(Uint8Array.from([0xff, 0xfe, 0xfd, 0xfc]))}`,
      "The link's compressed data is corrupt or cut short (it does not inflate).",
    ],
    [
      'bad UTF-8',
      fragmentOf(Uint8Array.from([0x7b, 0x22, 0xff, 0x22, 0x7d])),
      "The link's data is not valid UTF-8 text (byte 2 of the inflated data).",
    ],
    [
      'bad JSON',
      fragmentOf(strToU8('{"v":1,\n"scenario": }')),
      "The link's data is not valid JSON (line 2, column 13: expected a value, found '}').",
    ],
    [
      'not an object',
      fragmentOfJson([1, 2]),
      'The shared state is not a JSON object (found a list).',
    ],
    [
      'unknown field',
      fragmentOfJson({ ...valid, extra: true }),
      'The shared state has an unknown field "extra" (it holds only v, scenario, actions and view).',
    ],
    [
      'no version',
      fragmentOfJson({ ...valid, v: undefined }),
      'The shared state has no version "v" (expected 1).',
    ],
    [
      'future version',
      fragmentOfJson({ ...valid, v: 2 }),
      'The shared state has version v=2, but this twin reads v=1.',
    ],
    ['no view', fragmentOfJson({ ...valid, view: undefined }), 'The shared state has no "view".'],
    [
      'invalid scenario',
      fragmentOfJson({
        ...valid,
        scenario: {
          ...valid.scenario,
          timeline: [{ ...valid.scenario.timeline[0], atSeconds: 'soon' }, { kind: 'x' }],
        },
      }),
      'The link\'s scenario is invalid at timeline[0].atSeconds: expected a number, got the string "soon" (and 1 more problem).',
    ],
    [
      'future scenario version',
      fragmentOfJson({ ...valid, scenario: { ...valid.scenario, version: 7 } }),
      "The link's scenario is invalid at version: version 7 is newer than this twin understands (1).",
    ],
    [
      'invalid actions',
      fragmentOfJson({ ...valid, actions: [actions[0], { ...actions[1], atSeconds: -3 }] }),
      "The link's operator actions are invalid at actions[1].atSeconds: must be ≥ 0, got -3.",
    ],
    [
      'invalid view time',
      fragmentOfJson({ ...valid, view: { ...view, simTimeUs: -5 } }),
      "The link's view is invalid at view.simTimeUs: must be ≥ 0, got -5.",
    ],
    [
      'invalid camera',
      fragmentOfJson({
        ...valid,
        view: { ...view, camera: { position: [0, 0], target: [0, 0, 0] } },
      }),
      "The link's view is invalid at view.camera.position: needs at least 3 items.",
    ],
    [
      'unknown view field',
      fragmentOfJson({ ...valid, view: { ...view, zoom: 3 } }),
      'The link\'s view is invalid at view.zoom: unknown field "zoom" (not part of the view state).',
    ],
  ];

  for (const [name, fragment, reason] of cases) {
    it(`explains ${name}, keeping the payload`, () => {
      const result = decodeShareFragment(fragment);
      expect(result).toEqual({
        ok: false,
        reason,
        payload: fragment.slice(fragment.indexOf('#') + 1),
      });
    });
  }

  it('refuses a fragment too long to be a share link before decoding it', () => {
    const fragment = `s1.${'A'.repeat(16 * 1024 * 1024 + 1)}`;
    expect(reasonOf(decodeShareFragment(fragment))).toBe(
      "The link's data is 16777217 characters long, more than any share link holds.",
    );
  });

  it('refuses an inflate bomb without inflating all of it', () => {
    const fragment = fragmentOf(new Uint8Array(64 * 1024 * 1024));
    expect(fragment.length).toBeLessThan(100_000);
    expect(reasonOf(decodeShareFragment(fragment))).toBe(
      "The link's data inflates past 8 MB, more than any share link holds.",
    );
  });

  it('optionally checks the scenario, actions and view against the profile’s cluster', () => {
    const clusters = new Map<string, Cluster>();
    const clusterFor = (id: string) => {
      if (!clusters.has(id)) clusters.set(id, buildCluster(getProfile(id)));
      return clusters.get(id);
    };
    expect(decodeShareFragment(encodeShareState(state), { clusterFor })).toEqual({
      ok: true,
      state,
    });
    const badAction = {
      ...state,
      actions: [{ ...actions[0], target: 'cab-200/srv-0/npu-0' }],
    };
    expect(reasonOf(decodeShareFragment(encodeShareState(badAction), { clusterFor }))).toBe(
      'The link\'s operator actions are invalid at actions[0].target: "cab-200/srv-0/npu-0": this profile has 128 compute cabinet(s), cab-000 … cab-127.',
    );
    const badView = { ...state, view: { ...state.view, focusedCabinet: 'cab-100/srv-1' } };
    expect(reasonOf(decodeShareFragment(encodeShareState(badView), { clusterFor }))).toBe(
      'The link\'s view is invalid at view.focusedCabinet: "cab-100/srv-1" is not a compute cabinet id (expected e.g. cab-017).',
    );
    const unknownProfile = fragmentOfJson({
      ...state,
      scenario: { ...state.scenario, profile: 'tpu-pod' },
    });
    expect(reasonOf(decodeShareFragment(unknownProfile, { clusterFor: () => undefined }))).toBe(
      'The link\'s scenario is invalid at profile: unknown profile "tpu-pod".',
    );
  });
});

describe('share link decoding never throws (property tests)', () => {
  /** Whatever comes in: ok with a valid scenario and view, or not ok with a reason. */
  const wellBehaved = (input: string) => {
    const result = decodeShareFragment(input);
    if (result.ok) {
      expect(validateScenario(result.state.scenario).ok).toBe(true);
      expect(viewStateSchema.safeParse(result.state.view).success).toBe(true);
      expect(Array.isArray(result.state.actions)).toBe(true);
    } else {
      expect(typeof result.reason).toBe('string');
      expect(result.reason.length).toBeGreaterThan(10);
      expect(result.reason.endsWith('.')).toBe(true);
      expect(typeof result.payload).toBe('string');
    }
    return result;
  };

  it('survives arbitrary strings', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.string({ maxLength: 200 }).map((s) => `s1.${s}`),
          fc.string({ maxLength: 200 }).map((s) => `#s1.${s}`),
        ),
        (text) => {
          wellBehaved(text);
        },
      ),
      { numRuns: 3000, seed: 1 },
    );
  });

  it('survives random bytes, raw or deflated, behind the right prefix', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.boolean(), (bytes, deflated) => {
        const body = deflated ? deflateSync(bytes) : bytes;
        const result = wellBehaved(`s1.${base64UrlEncode(body)}`);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 3000, seed: 2 },
    );
  });

  const validLinks = [
    encodeShareState(state),
    encodeShareState({
      v: 1,
      scenario: defaultScenario(),
      actions: [],
      view: { simTimeUs: 0, selection: [] },
    }),
  ];
  const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.#=%';
  const mutation = fc.oneof(
    fc.record({
      op: fc.constant('flip' as const),
      at: fc.nat(),
      char: fc.constantFrom(...ALPHABET),
    }),
    fc.record({
      op: fc.constant('insert' as const),
      at: fc.nat(),
      char: fc.constantFrom(...ALPHABET),
    }),
    fc.record({ op: fc.constant('delete' as const), at: fc.nat(), char: fc.constant('') }),
    fc.record({ op: fc.constant('truncate' as const), at: fc.nat(), char: fc.constant('') }),
  );

  it('survives valid links with characters flipped, inserted, deleted or cut off', () => {
    let stillOk = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...validLinks),
        fc.array(mutation, { minLength: 1, maxLength: 4 }),
        (link, mutations) => {
          let text = link;
          for (const { op, at, char } of mutations) {
            const i = at % (text.length + 1);
            switch (op) {
              case 'flip':
                text = text.slice(0, i) + char + text.slice(i + 1);
                break;
              case 'insert':
                text = text.slice(0, i) + char + text.slice(i);
                break;
              case 'delete':
                text = text.slice(0, i) + text.slice(i + 1);
                break;
              case 'truncate':
                text = text.slice(0, i);
                break;
            }
          }
          if (wellBehaved(text).ok) stillOk++;
        },
      ),
      { numRuns: 3000, seed: 3 },
    );
    // Raw deflate has no checksum, so a few mutations still decode to a valid state; most don't.
    expect(stillOk).toBeLessThan(3000);
  });
});
