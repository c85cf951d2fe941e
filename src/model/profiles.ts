import ascend910b from './profiles/ascend-910b-infer.json';
import h100 from './profiles/h100-roce.json';
import lab from './profiles/ub-lab-1cab.json';
import pod from './profiles/ub-pod-1k.json';
import superNode from './profiles/ub-supernode-8k.json';
import { hardwareProfileSchema, type HardwareProfile } from './profile';

export const DEFAULT_PROFILE_ID = 'ub-supernode-8k';

const RAW_PROFILES: readonly unknown[] = [superNode, pod, lab, ascend910b, h100];

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
