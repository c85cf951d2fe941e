import { findRoute } from '../engines/fabric/routing';
import { buildCluster, linkId, nodeId, parseNode } from '../model';
import {
  InputError,
  parse,
  positiveNumber,
  PROFILE_OPTIONS,
  profileFromOptions,
  UsageError,
} from './args';
import { print } from './output';

export function pathCommand(argv: readonly string[]): void {
  const { values, positionals } = parse(argv, {
    ...PROFILE_OPTIONS,
    bytes: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length !== 2)
    throw new UsageError('usage: twin path <npuId> <npuId> [--bytes N] [--profile id] [--json]');
  const profile = profileFromOptions(values);
  const cluster = buildCluster(profile);
  const [from, to] = positionals.map((id) => {
    const parsed = parseNode(cluster, id);
    if (!parsed.ok) throw new InputError(parsed.reason);
    return parsed.node;
  });
  const bytes = positiveNumber(values.bytes, '--bytes') ?? 0;
  const route = findRoute(cluster, undefined, from, to, bytes);
  if (!route.ok) throw new InputError(route.reason);
  const { endpointUs, perHopUs } = profile.fabric.latency;
  print(
    {
      from: nodeId(cluster, from),
      to: nodeId(cluster, to),
      hops: route.hops,
      latencyUs: Number(route.latencyUs.toFixed(6)),
      bytes,
      bottleneckGBps: route.bottleneckGBps,
      formula: `${endpointUs.value} + ${route.hops} × ${perHopUs.value} + ${bytes} B / ${route.bottleneckGBps} GB/s`,
      path: route.nodes.map((n) => nodeId(cluster, n)),
      links: route.links.map((l) => linkId(cluster, l)),
    },
    values.json === true,
  );
}
