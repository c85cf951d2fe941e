/// <reference lib="webworker" />
import { clusterFor } from '../src/engines/clusterCache';
import { floorLayout } from '../src/model';
import { ForwardedElement, workerSurface } from '../src/ui/topology3d/forwardedElement';
import type { RoomReply, RoomRequest } from '../src/ui/topology3d/roomProtocol';
import { RoomView } from '../src/ui/topology3d/RoomView';

/**
 * The 3D room drawn off the page: RoomView renders into the canvas the page transferred, and the
 * page's pointer events are replayed on a stand-in element. With software rendering each frame's
 * GPU work and its read-back for the compositor take tens of milliseconds; here they hold up this
 * worker, not the page.
 */
const post = (reply: RoomReply) => postMessage(reply);
const element = new ForwardedElement();
let view: RoomView | undefined;
let surface: ReturnType<typeof workerSurface> | undefined;
let seq = 0;

function reportState(): void {
  if (!view) return;
  post({
    kind: 'state',
    camera: view.getCamera(),
    cameraMoving: view.cameraMoving,
    counts: view.drawnCounts(),
    stats: view.stats(),
    seq,
  });
}

function start(request: Extract<RoomRequest, { kind: 'init' }>): void {
  const cluster = clusterFor(request.profileId);
  element.clientWidth = request.width;
  element.clientHeight = request.height;
  surface = workerSurface(
    request.canvas,
    element,
    request.pixelRatio,
    (name, value) => post({ kind: 'mark', name, ...(value === undefined ? {} : { value }) }),
    (label) => post({ kind: 'describe', label }),
  );
  view = new RoomView(surface, cluster, floorLayout(cluster), {
    onHover: (hit, x, y) => post({ kind: 'hover', ...(hit ? { hit } : {}), x, y }),
    onPick: (hit, additive) => post({ kind: 'pick', ...(hit ? { hit } : {}), additive }),
    onCameraChange: (camera) => post({ kind: 'camera', camera }),
    onRendered: reportState,
  });
}

self.onmessage = (event: MessageEvent<RoomRequest>) => {
  const request = event.data;
  try {
    switch (request.kind) {
      case 'init':
        start(request);
        return;
      case 'call': {
        seq = request.seq;
        if (!view) return;
        // The page checked the arguments; a call that draws nothing still reports it was handled.
        (view[request.method] as (...args: unknown[]) => void)(...request.args);
        reportState();
        return;
      }
      case 'pointer':
        element.dispatch(request.type, request.event);
        return;
      case 'resize':
        surface?.resized(request.width, request.height);
        return;
      case 'dispose':
        view?.dispose();
        view = undefined;
        close();
        return;
    }
  } catch (error) {
    post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
