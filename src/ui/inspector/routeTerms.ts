import type { Cluster } from '../../model';

/** The latency formula's terms for a route, with the profile's constants. */
export interface RouteTerms {
  readonly endpointUs: number;
  readonly perHopUs: number;
  readonly hopsUs: number;
  readonly transferUs: number;
  readonly totalUs: number;
}

/**
 * `endpoint + hops × per-hop + bytes / bottleneck`. GB/s is 10⁹ bytes per second, so
 * bytes / (GB/s × 10³) is microseconds — the same convention the fabric engine uses.
 */
export function routeTerms(
  cluster: Cluster,
  route: { readonly hops: number; readonly bytes: number; readonly bottleneckGBps: number },
): RouteTerms {
  const { endpointUs, perHopUs } = cluster.profile.fabric.latency;
  const transferUs =
    route.bytes > 0 && route.bottleneckGBps > 0 ? route.bytes / (route.bottleneckGBps * 1e3) : 0;
  const hopsUs = route.hops * perHopUs.value;
  return {
    endpointUs: endpointUs.value,
    perHopUs: perHopUs.value,
    hopsUs,
    transferUs,
    totalUs: endpointUs.value + hopsUs + transferUs,
  };
}
