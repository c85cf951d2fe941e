import {
  buildCluster,
  LINK_KIND_NAMES,
  SWITCH_ROLE_NAMES,
  type LinkKind,
  type SwitchRole,
} from '../model';
import { parse, PROFILE_OPTIONS, profileFromOptions } from './args';
import { print } from './output';

export function topologyCommand(argv: readonly string[]): void {
  const { values } = parse(argv, { ...PROFILE_OPTIONS, json: { type: 'boolean' } });
  const profile = profileFromOptions(values);
  const cluster = buildCluster(profile);
  const linksByKind: Record<string, number> = {};
  for (let l = 0; l < cluster.linkCount; l++) {
    const name = LINK_KIND_NAMES[cluster.linkKind[l] as LinkKind];
    linksByKind[name] = (linksByKind[name] ?? 0) + 1;
  }
  const switchesByRole: Record<string, number> = {};
  for (const role of cluster.switchRole) {
    const name = SWITCH_ROLE_NAMES[role as SwitchRole];
    switchesByRole[name] = (switchesByRole[name] ?? 0) + 1;
  }
  print(
    {
      profile: profile.id,
      name: profile.name,
      topology: cluster.topology,
      npus: cluster.npuCount,
      servers: cluster.serverCount,
      computeCabinets: cluster.computeCabinetCount,
      interconnectCabinets: cluster.interconnectCabinetCount,
      pods: cluster.podCount,
      backupNpus: cluster.backupCount,
      switches: cluster.nodeCount - cluster.serverSwitchBase,
      switchesByRole,
      links: cluster.linkCount,
      linksByKind,
    },
    values.json === true,
  );
}
