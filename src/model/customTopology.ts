import type { NodeSpace } from './nodeSpace';
import type { CustomLink, HardwareProfile } from './profile';

/** A link end resolved to routing nodes: one node, or each accelerator of a server or cabinet. */
export type EndpointResolution =
  | { readonly ok: true; readonly nodes: readonly number[]; readonly group: boolean }
  | { readonly ok: false; readonly reason: string };

const END_RE =
  /^cab-(\d{3})(?:\/(?:srv-(\d+)(?:\/(?:npu-(\d+)|(nvs)))?|bak-(\d+)|([a-z][a-z0-9-]*)))?$|^icab-(\d{2})\/([a-z][a-z0-9-]*)$/;

const bad = (reason: string): EndpointResolution => ({ ok: false, reason });

/** Resolves one end of a custom link against the profile's node space. */
export function resolveEndpoint(
  profile: HardwareProfile,
  space: NodeSpace,
  end: string | number,
): EndpointResolution {
  const listed = profile.fabric.custom?.switches ?? [];
  if (typeof end === 'number') {
    if (end >= listed.length)
      return bad(`switch ${end} does not exist (switches lists ${listed.length}, from 0)`);
    return { ok: true, nodes: [space.listedSwitchNode[end]], group: false };
  }
  const m = END_RE.exec(end);
  if (!m)
    return bad(
      `"${end}" is not a node, server or cabinet id (e.g. cab-000/tor, cab-000/srv-1/npu-3, cab-000)`,
    );
  const [, cab, srv, npu, nvs, bak, cabSwitch, icab, icabSwitch] = m;
  if (icab !== undefined) {
    if (Number(icab) >= profile.layout.interconnectCabinets)
      return bad(
        `"${end}": the layout has ${profile.layout.interconnectCabinets} interconnect cabinet(s)`,
      );
    return listedSwitch(space, profile, end, `icab-${icab}`, icabSwitch);
  }
  const c = Number(cab);
  if (c >= space.cabinets)
    return bad(
      `"${end}": the layout has ${space.cabinets} compute cabinet(s), cab-000 … cab-${String(space.cabinets - 1).padStart(3, '0')}`,
    );
  if (cabSwitch !== undefined) return listedSwitch(space, profile, end, `cab-${cab}`, cabSwitch);
  if (bak !== undefined) {
    const b = Number(bak);
    if (b >= space.backupsPerCabinet)
      return bad(`"${end}": a cabinet has ${space.backupsPerCabinet} backup NPU(s)`);
    return { ok: true, nodes: [space.backupBase + c * space.backupsPerCabinet + b], group: false };
  }
  if (srv === undefined) {
    const first = c * space.perCabinet;
    return { ok: true, nodes: range(first, first + space.perCabinet), group: true };
  }
  const s = Number(srv);
  if (s >= space.serversPerCabinet)
    return bad(
      `"${end}": a cabinet has ${space.serversPerCabinet} servers, srv-0 … srv-${space.serversPerCabinet - 1}`,
    );
  const server = c * space.serversPerCabinet + s;
  if (nvs !== undefined) {
    if (space.cabinetSwitchBase === space.serverSwitchBase)
      return bad(`"${end}": servers of this profile have no switch (intraServer is not "switch")`);
    return { ok: true, nodes: [space.serverSwitchBase + server], group: false };
  }
  if (npu === undefined) {
    const first = server * space.perServer;
    return { ok: true, nodes: range(first, first + space.perServer), group: true };
  }
  const slot = Number(npu);
  if (slot >= space.perServer)
    return bad(
      `"${end}": a server has ${space.perServer} accelerators, npu-0 … npu-${space.perServer - 1}`,
    );
  return { ok: true, nodes: [server * space.perServer + slot], group: false };
}

function listedSwitch(
  space: NodeSpace,
  profile: HardwareProfile,
  end: string,
  cabinet: string,
  name: string,
): EndpointResolution {
  const listed = profile.fabric.custom?.switches ?? [];
  const index = listed.findIndex((s) => s.cabinet === cabinet && s.name === name);
  if (index < 0) {
    const here = listed.filter((s) => s.cabinet === cabinet).map((s) => s.name);
    return bad(
      here.length > 0
        ? `"${end}" is not a listed switch (${cabinet} holds ${here.join(', ')})`
        : `"${end}" is not a listed switch (none stands in ${cabinet})`,
    );
  }
  return { ok: true, nodes: [space.listedSwitchNode[index]], group: false };
}

/** Whether the builder makes this accelerator pair's link itself (server full mesh, cabinet Y-links). */
function builtIn(profile: HardwareProfile, space: NodeSpace, x: number, y: number): boolean {
  if (x >= space.npuCount || y >= space.npuCount) return false;
  const serverX = Math.floor(x / space.perServer);
  const serverY = Math.floor(y / space.perServer);
  if (serverX === serverY) return profile.fabric.intraServer === 'full-mesh';
  const sameCabinet =
    Math.floor(serverX / space.serversPerCabinet) === Math.floor(serverY / space.serversPerCabinet);
  return (
    sameCabinet && x % space.perServer === y % space.perServer && profile.fabric.intraCabinetMesh
  );
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** A custom link expanded to node pairs (lower index first). */
export interface ExpandedLink {
  readonly a: number;
  readonly b: number;
  readonly link: CustomLink;
}

export interface CustomIssue {
  readonly path: (string | number)[];
  readonly message: string;
}

/**
 * Expands the custom links to node pairs and reports, at the path of the offending field, every
 * end that names nothing, a link from a node to itself, two groups on one link, a pair listed
 * twice, a switch placed outside the layout or named twice in one cabinet.
 */
export function expandCustomLinks(
  profile: HardwareProfile,
  space: NodeSpace,
): { readonly links: ExpandedLink[]; readonly issues: CustomIssue[] } {
  const custom = profile.fabric.custom;
  const issues: CustomIssue[] = [];
  const links: ExpandedLink[] = [];
  if (!custom) return { links, issues };
  const seenNames = new Set<string>();
  custom.switches.forEach((s, i) => {
    const id = `${s.cabinet}/${s.name}`;
    if (seenNames.has(id))
      issues.push({
        path: ['fabric', 'custom', 'switches', i, 'name'],
        message: `${id} is listed twice`,
      });
    seenNames.add(id);
    const interconnect = s.cabinet.startsWith('icab-');
    const index = Number(s.cabinet.slice(interconnect ? 5 : 4));
    const limit = interconnect ? profile.layout.interconnectCabinets : space.cabinets;
    if (index >= limit)
      issues.push({
        path: ['fabric', 'custom', 'switches', i, 'cabinet'],
        message: `the layout has ${limit} ${interconnect ? 'interconnect' : 'compute'} cabinet(s)`,
      });
  });
  if (issues.length > 0) return { links, issues };
  const seenPairs = new Map<string, number>();
  custom.links.forEach((link, i) => {
    const path = ['fabric', 'custom', 'links', i];
    const a = resolveEndpoint(profile, space, link.a);
    const b = resolveEndpoint(profile, space, link.b);
    if (!a.ok) issues.push({ path: [...path, 'a'], message: a.reason });
    if (!b.ok) issues.push({ path: [...path, 'b'], message: b.reason });
    if (!a.ok || !b.ok) return;
    if (a.group && b.group) {
      issues.push({
        path,
        message: 'at most one end may name a server or cabinet (a group of accelerators)',
      });
      return;
    }
    if (!profile.fabric.links[link.class]) {
      issues.push({
        path: [...path, 'class'],
        message: `fabric.links.${link.class} is not defined`,
      });
      return;
    }
    for (const x of a.nodes)
      for (const y of b.nodes) {
        if (x === y) {
          issues.push({ path, message: `links ${String(link.a)} to itself` });
          return;
        }
        if (builtIn(profile, space, x, y)) {
          issues.push({
            path,
            message: `the profile already links ${String(link.a)} and ${String(link.b)} (intraServer / intraCabinetMesh)`,
          });
          return;
        }
        const key = `${Math.min(x, y)}-${Math.max(x, y)}`;
        const before = seenPairs.get(key);
        if (before !== undefined) {
          issues.push({
            path,
            message: `repeats a link already made by fabric.custom.links[${before}]`,
          });
          return;
        }
        seenPairs.set(key, i);
        links.push({ a: Math.min(x, y), b: Math.max(x, y), link });
      }
  });
  return { links, issues };
}
