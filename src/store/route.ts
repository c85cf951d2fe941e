import { findRoute, type RouteResult } from '../engines/fabric/routing';
import { linkId, nodeId, type Cluster } from '../model';
import { Health, type FabricFrame } from '../sim/frame';
import { errorMessage } from './sessionStore';
import { playbackStore } from './playbackStore';
import { runtimeQueue } from './serialQueue';
import { sessionStore } from './sessionStore';
import { routeEndpoints, viewStore } from './viewStore';

/**
 * Keeps `viewStore.route` answering "how does a flow get from the first selected NPU to the
 * second": asked again when the pair, the byte count, the actions or the shown time change
 * (failures reroute it). Returns the stop function.
 */
export function trackRoute(): () => void {
  let asked:
    | {
        runtime: unknown;
        from: number;
        to: number;
        bytes: number;
        timeUs: number;
        actions: unknown;
      }
    | undefined;
  let ticket = 0;

  const update = () => {
    const { runtime, actions } = sessionStore.getState();
    const { selection, routeBytes, route } = viewStore.getState();
    const ends = routeEndpoints(selection);
    if (!runtime || !ends) {
      asked = undefined;
      ticket++;
      if (route.status !== 'idle') viewStore.setState({ route: { status: 'idle' } });
      return;
    }
    const [from, to] = ends;
    const timeUs = playbackStore.getState().timeUs;
    const next = { runtime, from, to, bytes: routeBytes, timeUs, actions };
    if (
      asked &&
      asked.runtime === runtime &&
      asked.from === from &&
      asked.to === to &&
      asked.bytes === routeBytes &&
      asked.timeUs === timeUs &&
      asked.actions === actions
    )
      return;
    const samePair =
      asked !== undefined && asked.from === from && asked.to === to && asked.bytes === routeBytes;
    asked = next;
    const mine = ++ticket;
    // A re-ask for the same pair (time moved) keeps showing the last answer instead of flickering.
    if (!samePair || route.status !== 'done')
      viewStore.setState({ route: { status: 'pending', from, to, bytes: routeBytes } });
    runtimeQueue
      .run(() => runtime.route(from, to, routeBytes))
      .then(
        (result) => {
          if (mine !== ticket) return;
          const current = viewStore.getState().route;
          // The same answer again (time moved, nothing on the path changed): keep the old object so
          // the pictures do not rebuild the route.
          if (
            current.status === 'done' &&
            current.from === from &&
            current.to === to &&
            current.bytes === routeBytes &&
            sameRoute(current.result, result)
          )
            return;
          viewStore.setState({ route: { status: 'done', from, to, bytes: routeBytes, result } });
        },
        (error: unknown) => {
          if (mine === ticket)
            viewStore.setState({ route: { status: 'error', message: errorMessage(error) } });
        },
      );
  };

  const stops = [
    viewStore.subscribe((s, p) => {
      if (s.selection !== p.selection || s.routeBytes !== p.routeBytes) update();
    }),
    playbackStore.subscribe((s, p) => {
      if (s.timeUs !== p.timeUs) update();
    }),
    sessionStore.subscribe((s, p) => {
      if (s.runtime !== p.runtime || s.actions !== p.actions) update();
    }),
  ];
  update();
  return () => stops.forEach((stop) => stop());
}

/** Two route answers that draw and read the same. */
export function sameRoute(a: RouteResult, b: RouteResult): boolean {
  if (!a.ok || !b.ok) return !a.ok && !b.ok && a.reason === b.reason;
  return (
    a.hops === b.hops &&
    a.latencyUs === b.latencyUs &&
    a.bottleneckGBps === b.bottleneckGBps &&
    a.nodes.length === b.nodes.length &&
    a.nodes.every((n, i) => n === b.nodes[i]) &&
    a.links.every((l, i) => l === b.links[i])
  );
}

type OkRoute = Extract<RouteResult, { ok: true }>;

/** The element a fault took out of a path. */
export type FailedElement =
  | { readonly kind: 'node'; readonly node: number }
  | { readonly kind: 'link'; readonly link: number };

/** How the route now compares with the route on the healthy fabric. */
export type RouteChange =
  | { readonly kind: 'unchanged' }
  | {
      readonly kind: 'rerouted';
      readonly original: OkRoute;
      /** The first element of the original path that is out of service in the frame, if seen. */
      readonly failed?: FailedElement;
      readonly extraHops: number;
      readonly extraUs: number;
    }
  | { readonly kind: 'no-path'; readonly original: OkRoute; readonly failed?: FailedElement };

const healthyCache = new WeakMap<Cluster, Map<string, RouteResult>>();

/**
 * The route between two nodes on the fabric with nothing failed: what a fault's reroute is
 * measured against. Pure and cheap (the structured route), cached per cluster for the few pairs an
 * operator looks at.
 */
export function healthyRoute(
  cluster: Cluster,
  from: number,
  to: number,
  bytes: number,
): RouteResult {
  let cache = healthyCache.get(cluster);
  if (!cache) {
    cache = new Map();
    healthyCache.set(cluster, cache);
  }
  const key = `${from}:${to}:${bytes}`;
  let route = cache.get(key);
  if (!route) {
    route = findRoute(cluster, undefined, from, to, bytes);
    if (cache.size >= 64) cache.clear();
    cache.set(key, route);
  }
  return route;
}

/** A routing node out of service in `frame`: failed, isolated, or an accelerator replaced by its backup. */
export function nodeDownIn(cluster: Cluster, frame: FabricFrame, node: number): boolean {
  const health = frame.nodeHealth
    ? frame.nodeHealth[node]
    : node < cluster.npuCount
      ? frame.npuHealth[node]
      : Health.Healthy;
  return (
    health === Health.Failed ||
    health === Health.Isolated ||
    (health === Health.BackupInUse && node < cluster.npuCount)
  );
}

/** The first node or link along a path (nodes with the links between them) that `frame` has out of service. */
export function failedElementOn(
  cluster: Cluster,
  nodes: readonly number[],
  links: readonly number[],
  frame: FabricFrame | undefined,
): FailedElement | undefined {
  if (!frame) return undefined;
  for (let i = 0; i < nodes.length; i++) {
    if (i > 0) {
      const link = links[i - 1];
      if (link !== undefined && frame.linkUp[link] === 0) return { kind: 'link', link };
    }
    if (nodeDownIn(cluster, frame, nodes[i])) return { kind: 'node', node: nodes[i] };
  }
  return undefined;
}

/**
 * Whether a fault moved the route: the same path as on the healthy fabric, a reroute (how many
 * hops and µs it added, and around what), or no path at all.
 */
export function routeChange(
  cluster: Cluster,
  healthy: RouteResult,
  current: RouteResult,
  frame: FabricFrame | undefined,
): RouteChange {
  if (!healthy.ok) return { kind: 'unchanged' };
  const failed = failedElementOn(cluster, healthy.nodes, healthy.links, frame);
  if (!current.ok) return { kind: 'no-path', original: healthy, ...(failed ? { failed } : {}) };
  const same =
    current.nodes.length === healthy.nodes.length &&
    current.nodes.every((n, i) => n === healthy.nodes[i]);
  if (same) return { kind: 'unchanged' };
  return {
    kind: 'rerouted',
    original: healthy,
    ...(failed ? { failed } : {}),
    extraHops: current.hops - healthy.hops,
    extraUs: current.latencyUs - healthy.latencyUs,
  };
}

/** The id of a failed element, as the console prints it. */
export function failedElementId(cluster: Cluster, failed: FailedElement): string {
  return failed.kind === 'node' ? nodeId(cluster, failed.node) : linkId(cluster, failed.link);
}

/**
 * The nodes of a path given as links from `from` (a reroute sample), or undefined when the links
 * do not chain (a sample from another cluster).
 */
export function nodesAlongLinks(
  cluster: Cluster,
  from: number,
  links: readonly number[],
): number[] | undefined {
  const nodes = [from];
  let at = from;
  for (const link of links) {
    if (!(link >= 0 && link < cluster.linkCount)) return undefined;
    const a = cluster.linkA[link];
    const b = cluster.linkB[link];
    if (a !== at && b !== at) return undefined;
    at = a === at ? b : a;
    nodes.push(at);
  }
  return nodes;
}
