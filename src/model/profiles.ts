import ascend910b from './profiles/ascend-910b-infer.json';
import fatTree8k from './profiles/fat-tree-8k.json';
import h100 from './profiles/h100-roce.json';
import labTorus from './profiles/lab-torus-3x3.json';
import lab from './profiles/ub-lab-1cab.json';
import pod from './profiles/ub-pod-1k.json';
import superNode from './profiles/ub-supernode-8k.json';
import { hardwareProfileSchema, type HardwareProfile } from './profile';

export const DEFAULT_PROFILE_ID = 'ub-supernode-8k';

const RAW_PROFILES: readonly unknown[] = [
  superNode,
  pod,
  lab,
  ascend910b,
  h100,
  fatTree8k,
  labTorus,
];

/** Every shipped profile, validated once: a broken profile file fails loudly at start-up and in tests. */
export const PROFILES: ReadonlyMap<string, HardwareProfile> = new Map(
  RAW_PROFILES.map((raw) => {
    const profile = hardwareProfileSchema.parse(raw);
    return [profile.id, profile] as const;
  }),
);

export function profileIds(): string[] {
  return [...PROFILES.keys()];
}

export function getProfile(id: string): HardwareProfile {
  const profile = PROFILES.get(id);
  if (!profile) throw new Error(`unknown profile "${id}" (known: ${profileIds().join(', ')})`);
  return profile;
}

export type ProfileParse =
  | { readonly ok: true; readonly profile: HardwareProfile }
  | { readonly ok: false; readonly errors: readonly string[] };

/**
 * Validates a profile from outside the shipped set (e.g. a custom topology in a JSON file). Each
 * error names the path of the field (`fabric.custom.links[3].b: …`) and what is wrong with it.
 */
export function parseProfile(raw: unknown): ProfileParse {
  const result = hardwareProfileSchema.safeParse(raw);
  if (result.success) return { ok: true, profile: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`),
  };
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(profile)';
  return path
    .map((part, i) =>
      typeof part === 'number' ? `[${part}]` : `${i > 0 ? '.' : ''}${String(part)}`,
    )
    .join('');
}
