import { describe, expect, it } from 'vitest';
import { linkBetween } from './cluster';
import { parseNode } from './ids';
import fatTreeJson from './profiles/fat-tree-8k.json';
import torusJson from './profiles/lab-torus-3x3.json';
import { parseProfile } from './profiles';
import { buildCluster } from './topology';

const torus = () => structuredClone(torusJson) as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const errorsOf = (raw: unknown): readonly string[] => {
  const parsed = parseProfile(raw);
  return parsed.ok ? [] : parsed.errors;
};

describe('custom topology from JSON', () => {
  it('builds the shipped torus: ends by index and by id, a cabinet end for each of its NPUs', () => {
    const parsed = parseProfile(torusJson);
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const c = buildCluster(parsed.profile);
    const node = (id: string) => {
      const p = parseNode(c, id);
      if (!p.ok) throw new Error(p.reason);
      return p.node;
    };
    // Switch 0 (cab-000/tor) and switch 1 (cab-001/tor) are torus neighbours, as are the wrap-round
    // pairs cab-002 ~ cab-000 (row) and cab-006 ~ cab-000 (column); cab-000 and cab-004 are not.
    expect(linkBetween(c, node('cab-000/tor'), node('cab-001/tor'))).toBeGreaterThanOrEqual(0);
    expect(linkBetween(c, node('cab-002/tor'), node('cab-000/tor'))).toBeGreaterThanOrEqual(0);
    expect(linkBetween(c, node('cab-006/tor'), node('cab-000/tor'))).toBeGreaterThanOrEqual(0);
    expect(linkBetween(c, node('cab-000/tor'), node('cab-004/tor'))).toBe(-1);
    for (let npu = 0; npu < c.npuCount; npu++) {
      const tor = node(`cab-${String(c.npuCabinet[npu]).padStart(3, '0')}/tor`);
      if (linkBetween(c, npu, tor) < 0) throw new Error(`NPU ${npu} has no uplink`);
    }
  });

  it('names the path and the reason of a link end that names nothing', () => {
    const raw = torus();
    raw.fabric.custom.links[9].b = 'cab-004/spine';
    raw.fabric.custom.links[10].a = 42;
    raw.fabric.custom.links[11].a = 'cab-012/tor';
    expect(errorsOf(raw)).toEqual([
      'fabric.custom.links[9].b: "cab-004/spine" is not a listed switch (cab-004 holds tor)',
      'fabric.custom.links[10].a: switch 42 does not exist (switches lists 9, from 0)',
      'fabric.custom.links[11].a: "cab-012/tor": the layout has 9 compute cabinet(s), cab-000 … cab-008',
    ]);
  });

  it('rejects a repeated link, a self-loop, two groups on one link and an undefined class', () => {
    const raw = torus();
    const links = raw.fabric.custom.links;
    links.push({ a: 1, b: 0, class: 'cabinetMesh' });
    links.push({ a: 'cab-000/tor', b: 0, class: 'cabinetMesh' });
    links.push({ a: 'cab-000', b: 'cab-001/srv-0', class: 'uplink' });
    links.push({ a: 3, b: 5, class: 'spine' });
    links.push({ a: 'cab-000/srv-0/npu-1', b: 'cab-000/srv-0/npu-2', class: 'intraServer' });
    expect(errorsOf(raw)).toEqual([
      'fabric.custom.links[27]: repeats a link already made by fabric.custom.links[9]',
      'fabric.custom.links[28]: links cab-000/tor to itself',
      'fabric.custom.links[29]: at most one end may name a server or cabinet (a group of accelerators)',
      'fabric.custom.links[30].class: fabric.links.spine is not defined',
      'fabric.custom.links[31]: the profile already links cab-000/srv-0/npu-1 and cab-000/srv-0/npu-2 (intraServer / intraCabinetMesh)',
    ]);
  });

  it('checks switch names and cabinets', () => {
    const raw = torus();
    raw.fabric.custom.switches[3] = { name: 'srv-1', cabinet: 'cab-003' };
    raw.fabric.custom.switches[4] = { name: 'tor', cabinet: 'cab-4' };
    const errors = errorsOf(raw);
    expect(errors).toContain(
      'fabric.custom.switches[3].name: srv-, bak-, npu- and nvs name parts of a cabinet already',
    );
    expect(errors).toContain('fabric.custom.switches[4].cabinet: expected cab-NNN or icab-NN');
    const placed = torus();
    placed.fabric.custom.switches.push({ name: 'tor', cabinet: 'cab-002' });
    placed.fabric.custom.switches.push({ name: 'spine', cabinet: 'icab-00' });
    expect(errorsOf(placed)).toEqual([
      'fabric.custom.switches[9].name: cab-002/tor is listed twice',
      'fabric.custom.switches[10].cabinet: the layout has 0 interconnect cabinet(s)',
    ]);
  });

  it('requires the custom block, and only for a custom topology', () => {
    const raw = torus();
    delete raw.fabric.custom;
    expect(errorsOf(raw)).toEqual(['fabric.custom: required when topology is custom']);
    const ub = torus();
    ub.fabric.topology = 'ub-mesh';
    expect(errorsOf(ub)).toContain('fabric.custom: only a custom topology takes custom');
  });
});

describe('fat-tree profile checks', () => {
  const tree = () => structuredClone(fatTreeJson) as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  it('demands a layout that agrees with k', () => {
    const raw = tree();
    raw.layout.pods = 16;
    raw.fabric.fatTree.k = 30;
    raw.layout.interconnectCabinets = 7;
    const errors = errorsOf(raw);
    expect(errors).toContain('layout.pods: a fat tree with k = 30 has 30 pods, got 16');
    expect(errors).toContain(
      'layout.serversPerCabinet: a pod holds k²/4 = 225 hosts, got 4 cabinets × 64',
    );
    expect(errors).toContain(
      'layout.interconnectCabinets: the 225 core switches must split evenly over the interconnect cabinets, got 7',
    );
  });

  it('rejects an odd k, a missing link class and links inside a server', () => {
    const raw = tree();
    raw.fabric.fatTree.k = 33;
    delete raw.fabric.links.core;
    raw.fabric.intraServer = 'full-mesh';
    const errors = errorsOf(raw);
    expect(errors).toContain('fabric.fatTree.k: k must be even');
    const fixedK = tree();
    delete fixedK.fabric.links.core;
    fixedK.fabric.intraServer = 'switch';
    expect(errorsOf(fixedK)).toEqual([
      'fabric.links.intraServer: required unless intraServer is "none"',
      'fabric.links.core: required when topology is fat-tree',
      'fabric.intraServer: a fat tree models the scale-out network only: set intraServer to "none"',
    ]);
  });
});
