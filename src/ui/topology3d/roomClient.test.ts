import { describe, expect, it } from 'vitest';
import type { FabricFrame } from '../../sim/frame';
import { drawnPart } from './roomClient';

describe('drawnPart', () => {
  it('keeps what the room draws from and leaves the log, series and fault records behind', () => {
    const traffic = {
      pattern: 'uniform',
      policy: 'ecmp',
      flows: 2,
      stalledFlows: 0,
      reroutedFlows: 0,
      unroutableFlows: 0,
      meanLinkLoad: 0.1,
      maxLinkLoad: 0.9,
      hotLinkFactor: 9,
      hotLinks: [{ link: 3, load: 0.9 }],
    } as unknown as FabricFrame['traffic'];
    const frame: FabricFrame = {
      engine: 'fabric',
      timeUs: 5_000_000,
      npuHealth: new Uint8Array(4),
      npuLoad: new Float32Array(4),
      npuHbmUsedGB: new Float32Array(4),
      linkUp: new Uint8Array(6),
      linkLoad: new Float32Array(6),
      nodeHealth: new Uint8Array(5),
      linkState: new Uint8Array(6),
      traffic,
      series: [{ metric: 'x', timeUs: 0, value: 1 }] as unknown as FabricFrame['series'],
      log: [{ level: 'info', message: 'm' }] as unknown as FabricFrame['log'],
      faults: [{ id: 'F1' }] as unknown as FabricFrame['faults'],
      reroutes: [{ faultId: 'F1' }] as unknown as FabricFrame['reroutes'],
    };
    const part = drawnPart(frame);
    for (const key of [
      'npuHealth',
      'npuLoad',
      'npuHbmUsedGB',
      'linkUp',
      'linkLoad',
      'nodeHealth',
      'linkState',
      'traffic',
    ] as const)
      expect(part[key]).toBe(frame[key]);
    expect(part.timeUs).toBe(5_000_000);
    expect(part.series).toEqual([]);
    expect(part.log).toEqual([]);
    expect(part.faults).toBeUndefined();
    expect(part.reroutes).toBeUndefined();
  });
});
