import type { RouteResult } from '../engines/fabric/routing';
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
