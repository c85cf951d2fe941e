import type { Cluster } from '../../model';
import type { InstanceRole } from './instance';

export interface InstancePlacement {
  readonly role: InstanceRole;
  /** Accelerator indices, tensor-parallel ranks in order; all on one server when tp ≤ its size. */
  readonly npus: readonly number[];
}

export type PdPlacement = 'same-server' | 'cross-server';

/**
 * Places instances on accelerators in cluster order, `tp` each, never splitting a tensor-parallel
 * group across servers when it fits in one (TP traffic stays on HCCS/UB/NVLink).
 * Aggregated: `mixed` instances. PD `same-server`: P and D alternate so each pair shares a server
 * (KV over the intra-server fabric); `cross-server`: all P first, then all D (KV over RoCE/uplinks).
 */
export function placeInstances(
  cluster: Cluster,
  tp: number,
  roles: readonly InstanceRole[],
  /** Servers to place on, in order (default: every server of the cluster). */
  servers?: readonly number[],
): InstancePlacement[] | { readonly error: string } {
  const perServer = cluster.perServer;
  const order = servers ?? Array.from({ length: cluster.serverCount }, (_, s) => s);
  const slots: number[][] = [];
  if (tp <= perServer) {
    const perServerGroups = Math.floor(perServer / tp);
    for (const s of order)
      for (let g = 0; g < perServerGroups; g++)
        slots.push(Array.from({ length: tp }, (_, k) => s * perServer + g * tp + k));
  } else {
    if (tp % perServer !== 0)
      return { error: `tensor-parallel size ${tp} must divide into whole servers of ${perServer}` };
    const span = tp / perServer;
    for (let i = 0; i + span <= order.length; i += span)
      slots.push(
        Array.from(
          { length: tp },
          (_, k) => order[i + Math.floor(k / perServer)] * perServer + (k % perServer),
        ),
      );
  }
  if (roles.length > slots.length)
    return {
      error: `${roles.length} instances of ${tp} accelerators need ${roles.length * tp}; ${servers ? `the ${order.length} servers given have` : 'the profile has'} room for ${slots.length} such instances (${order.length * perServer} accelerators)`,
    };
  return roles.map((role, i) => ({ role, npus: slots[i] }));
}

/** The role of each instance, in placement order, for a serving mode. */
export function instanceRoles(
  mode: 'agg' | 'pd',
  instances: number,
  prefillInstances: number,
  pdPlacement: PdPlacement,
): InstanceRole[] {
  if (mode === 'agg') return Array.from({ length: instances }, () => 'mixed' as const);
  const decode = instances - prefillInstances;
  if (pdPlacement === 'cross-server')
    return [
      ...Array.from({ length: prefillInstances }, () => 'prefill' as const),
      ...Array.from({ length: decode }, () => 'decode' as const),
    ];
  const roles: InstanceRole[] = [];
  let p = prefillInstances;
  let d = decode;
  while (p > 0 || d > 0) {
    if (p > 0) {
      roles.push('prefill');
      p--;
    }
    if (d > 0) {
      roles.push('decode');
      d--;
    }
  }
  return roles;
}
