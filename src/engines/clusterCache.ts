import { buildCluster, getProfile, type Cluster } from '../model';

const clusters = new Map<string, Cluster>();

/** The cluster of a profile, built once per process (or worker): it is immutable, so engines share it. */
export function clusterFor(profileId: string): Cluster {
  let cluster = clusters.get(profileId);
  if (!cluster) {
    cluster = buildCluster(getProfile(profileId));
    clusters.set(profileId, cluster);
  }
  return cluster;
}
