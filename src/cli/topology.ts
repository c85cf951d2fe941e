import { buildCluster, LINK_KIND_NAMES, type LinkKind } from '../model';
import { parse, profileOption } from './args';
import { print } from './output';

export function topologyCommand(argv: readonly string[]): void {
  const { values } = parse(argv, { profile: { type: 'string' }, json: { type: 'boolean' } });
  const profile = profileOption(values.profile);
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
