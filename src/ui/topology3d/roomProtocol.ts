import type { FabricFrame, InferNexFrame } from '../../sim/frame';
import type { ColorMetric } from '../metrics';
import type { OverlayCounts } from './linkOverlayLayer';
import type { RouteLayer } from './routeLayer';
import type { CameraState } from './roomContract';
import type { PickHit, RerouteView, RouteView } from './RoomView';

/**
 * Messages between the page and the room worker (`workers/room.worker.ts`), which draws the room
 * into an OffscreenCanvas so that neither drawing nor the software compositor's read-back of each
 * frame ever blocks the page.
 */

/** What the page can ask the room to do; the same names as RoomView's methods. */
export type RoomCall =
  | { readonly method: 'setFrame'; readonly args: [FabricFrame, InferNexFrame | undefined] }
  | { readonly method: 'setMetric'; readonly args: [ColorMetric] }
  | { readonly method: 'setSelection'; readonly args: [readonly number[]] }
  | { readonly method: 'focusCabinet'; readonly args: [number | undefined] }
  | { readonly method: 'showRoute'; readonly args: [RouteView | undefined] }
  | { readonly method: 'showRerouteSamples'; readonly args: [readonly RerouteView[]] }
  | { readonly method: 'setOverlay'; readonly args: [{ faults: boolean; hot: boolean }] }
  | { readonly method: 'setCamera'; readonly args: [CameraState] }
  | { readonly method: 'resetStats'; readonly args: [] };

/** A pointer or wheel event, with coordinates relative to the canvas's top-left corner. */
export interface ForwardedPointer {
  readonly clientX: number;
  readonly clientY: number;
  readonly button: number;
  readonly buttons: number;
  readonly pointerId: number;
  readonly pointerType: string;
  readonly isPrimary: boolean;
  readonly shiftKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly deltaX: number;
  readonly deltaY: number;
  readonly deltaMode: number;
}

export type RoomRequest =
  | {
      readonly kind: 'init';
      readonly canvas: OffscreenCanvas;
      readonly profileId: string;
      readonly width: number;
      readonly height: number;
      readonly pixelRatio: number;
    }
  | ({ readonly kind: 'call'; readonly seq: number } & RoomCall)
  | { readonly kind: 'pointer'; readonly type: string; readonly event: ForwardedPointer }
  | { readonly kind: 'resize'; readonly width: number; readonly height: number }
  | { readonly kind: 'dispose' };

/** What the room reports after each frame it draws. */
export interface RoomState {
  readonly camera: CameraState;
  readonly cameraMoving: boolean;
  readonly counts: OverlayCounts & { readonly paths: ReturnType<RouteLayer['counts']> };
  readonly stats: {
    readonly frames: number;
    readonly meanFrameMs: number;
    readonly p95FrameMs: number;
  };
  /** The last call the worker had handled when it drew. */
  readonly seq: number;
}

export type RoomReply =
  | { readonly kind: 'mark'; readonly name: 'ready' | 'npuCount'; readonly value?: string }
  | { readonly kind: 'describe'; readonly label: string }
  | { readonly kind: 'hover'; readonly hit?: PickHit; readonly x: number; readonly y: number }
  | { readonly kind: 'pick'; readonly hit?: PickHit; readonly additive: boolean }
  | { readonly kind: 'camera'; readonly camera: CameraState }
  | ({ readonly kind: 'state' } & RoomState)
  | { readonly kind: 'error'; readonly message: string };
