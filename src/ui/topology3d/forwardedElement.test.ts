import { PerspectiveCamera } from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';
import { describe, expect, it } from 'vitest';
import { ForwardedElement, workerSurface } from './forwardedElement';
import type { ForwardedPointer } from './roomProtocol';

const pointer = (
  x: number,
  y: number,
  extra: Partial<ForwardedPointer> = {},
): ForwardedPointer => ({
  clientX: x,
  clientY: y,
  button: 0,
  buttons: 1,
  pointerId: 1,
  pointerType: 'mouse',
  isPrimary: true,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  deltaX: 0,
  deltaY: 0,
  deltaMode: 0,
  ...extra,
});

describe('ForwardedElement', () => {
  it('replays a page event to its listeners until they are removed', () => {
    const element = new ForwardedElement();
    const seen: unknown[] = [];
    const listener = (event: unknown) => seen.push(event);
    element.addEventListener('pointermove', listener);
    element.dispatch('pointermove', pointer(10, 20));
    element.removeEventListener('pointermove', listener);
    element.dispatch('pointermove', pointer(30, 40));
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ type: 'pointermove', clientX: 10, clientY: 20 });
  });

  it('lets OrbitControls orbit and zoom the camera from forwarded events', () => {
    const element = new ForwardedElement();
    element.clientWidth = 800;
    element.clientHeight = 600;
    const camera = new PerspectiveCamera(42, 800 / 600, 0.05, 250);
    camera.position.set(0, 10, 20);
    const controls = new OrbitControls(camera, element as unknown as HTMLElement);
    controls.update();
    const azimuth = controls.getAzimuthalAngle();
    const distance = controls.getDistance();

    // A drag: down on the element, moves and up on its document (which is the element itself).
    element.dispatch('pointerdown', pointer(400, 300));
    element.dispatch('pointermove', pointer(500, 300));
    element.dispatch('pointerup', pointer(500, 300, { buttons: 0 }));
    controls.update();
    // 100 px of a 600 px high element turns the camera by 2π / 6 around the target.
    expect(Math.abs(controls.getAzimuthalAngle() - azimuth)).toBeCloseTo((2 * Math.PI) / 6, 5);

    element.dispatch('wheel', pointer(400, 300, { deltaY: 100 }));
    controls.update();
    expect(controls.getDistance()).toBeGreaterThan(distance);
    controls.dispose();
  });

  it('reports the size the page sends and tells the room', () => {
    const element = new ForwardedElement();
    const marks: [string, string | undefined][] = [];
    const surface = workerSurface(
      {} as OffscreenCanvas,
      element,
      1,
      (name, value) => marks.push([name, value]),
      () => {},
    );
    let resized = 0;
    surface.onResize(() => resized++);
    surface.resized(640, 480);
    expect(surface.rect()).toMatchObject({ left: 0, top: 0, width: 640, height: 480 });
    expect(resized).toBe(1);
    surface.mark('ready', 'true');
    expect(marks).toEqual([['ready', 'true']]);
  });
});
