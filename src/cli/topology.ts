import {
  buildCluster,
  DEFAULT_PROFILE_ID,
  LINK_KIND_NAMES,
  PROFILES,
  type LinkKind,
} from '../model';
import { parse, UsageError } from './args';
import { print } from './output';

export function topologyCommand(argv: readonly string[]): void {
  const { values } = parse(argv, { profile: { type: 'string' }, json: { type: 'boolean' } });
  const profileId = values.profile ?? DEFAULT_PROFILE_ID;
  const profile = PROFILES.get(profileId);
  if (!profile)
    throw new UsageError(
      `unknown profile "${profileId}" (known: ${[...PROFILES.keys()].join(', ')})`,
    );
  const cluster = buildCluster(profile);
  const linksByKind: Record<string, number> = {};
  for (let l = 0; l < cluster.linkCount; l++) {
    const name = LINK_KIND_NAMES[cluster.linkKind[l] as LinkKind];
    linksByKind[name] = (linksByKind[name] ?? 0) + 1;
  }
  print(
    {
      profile: profile.id,
      name: profile.name,
      npus: cluster.npuCount,
      servers: cluster.serverCount,
      computeCabinets: cluster.computeCabinetCount,
      interconnectCabinets: cluster.interconnectCabinetCount,
      pods: cluster.podCount,
      backupNpus: cluster.backupCount,
      switches: cluster.nodeCount - cluster.serverSwitchBase,
      links: cluster.linkCount,
      linksByKind,
    },
    values.json === true,
  );
}
