import { describe, expect, it } from 'vitest';
import { buildCluster, getProfile } from '../../model';
import {
  availability,
  availabilityEstimate,
  closInventory,
  interconnectInventory,
  mtbfHours,
  UB_MESH_PAPER,
} from './availability';

const superNode = buildCluster(getProfile('ub-supernode-8k'));

describe('availability (UB-Mesh §6.6)', () => {
  it('reproduces the paper: 98.8 % vs 91.6 % at MTTR 75 min, 99.78 % with 13-minute recovery', () => {
    const ub = availability(UB_MESH_PAPER.ubMeshMtbfHours, UB_MESH_PAPER.mttrHours);
    const clos = availability(UB_MESH_PAPER.closMtbfHours, UB_MESH_PAPER.mttrHours);
    const monitored = availability(UB_MESH_PAPER.ubMeshMtbfHours, UB_MESH_PAPER.monitoredMttrHours);
    // Exactly 98.75 % and 91.69 %: the paper prints them as 98.8 % and 91.6 %.
    expect(ub).toBeCloseTo(0.98747, 5);
    expect(Math.abs(ub - UB_MESH_PAPER.ubMeshAvailability)).toBeLessThan(0.001);
    expect(clos).toBeCloseTo(0.91694, 5);
    expect(Math.abs(clos - UB_MESH_PAPER.closAvailability)).toBeLessThan(0.001);
    expect(monitored.toFixed(4)).toBe('0.9978');
  });

  it('the 8K inventory with the fitted failure rates gives 98.5 h, and the Clos 13.8 h', () => {
    const inventory = interconnectInventory(superNode);
    expect(inventory.map((c) => [c.name, c.count])).toEqual([
      ['optical modules', 20_480],
      ['electrical links', 65_664],
      ['switches', 160],
    ]);
    expect(mtbfHours(inventory).toFixed(1)).toBe('98.5');
    const clos = closInventory(inventory);
    expect(clos.map((c) => c.count)).toEqual([292_571, 1_600]);
    expect(mtbfHours(clos).toFixed(1)).toBe('13.8');
  });

  it('estimates the configured topology: a 1-pod profile has no spine optics and lasts longer', () => {
    const big = availabilityEstimate(superNode);
    const pod = availabilityEstimate(buildCluster(getProfile('ub-pod-1k')));
    expect(big.availability).toBeCloseTo(0.98747, 3);
    expect(pod.mtbfHours).toBeGreaterThan(big.mtbfHours * 5);
    expect(pod.monitoredAvailability).toBeGreaterThan(pod.availability);
  });
});
