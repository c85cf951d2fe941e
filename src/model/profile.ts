import { z } from 'zod';
import { expandCustomLinks } from './customTopology';
import { nodeSpace } from './nodeSpace';

/**
 * A hardware profile is data: every count, bandwidth and latency of the modelled machine lives in a
 * JSON file under `profiles/`, with the source (or the word "assumption") beside each number.
 */

const sourced = <T extends z.ZodTypeAny>(value: T) =>
  z.object({ value, source: z.string().min(1) }).strict();

export const linkClassSchema = z
  .object({
    bandwidthGBps: sourced(z.number().positive()),
    protocol: z.enum(['UB', 'HCCS', 'NVLink', 'RoCE']),
  })
  .strict();

/**
 * A switch of a custom topology: a name unique in its cabinet (the id is `<cabinet>/<name>`) and
 * the cabinet it stands in, a compute cabinet (`cab-NNN`) or an interconnect cabinet (`icab-NN`).
 */
export const customSwitchSchema = z
  .object({
    name: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]*$/,
        'a switch name is lower-case letters, digits and dashes, starting with a letter',
      )
      .refine((name) => !/^(srv|bak|npu)-/.test(name) && name !== 'nvs', {
        message: 'srv-, bak-, npu- and nvs name parts of a cabinet already',
      }),
    cabinet: z.string().regex(/^(cab-\d{3}|icab-\d{2})$/, 'expected cab-NNN or icab-NN'),
  })
  .strict();

/**
 * One link of a custom topology. An end is a node id (`cab-000/tor`, `cab-000/srv-1/npu-3`), a
 * number (the position of a switch in `switches`, from 0), or a server or cabinet id, which
 * stands for each of its accelerators: `{ "a": "cab-001", "b": "cab-001/tor" }` is one uplink per
 * accelerator of cab-001. `class` names the entry of `fabric.links` giving bandwidth and protocol.
 */
export const customLinkSchema = z
  .object({
    a: z.union([z.string().min(1), z.number().int().min(0)]),
    b: z.union([z.string().min(1), z.number().int().min(0)]),
    class: z.enum([
      'intraServer',
      'intraCabinet',
      'uplink',
      'backupUplink',
      'cabinetMesh',
      'spine',
      'aggregation',
      'core',
    ]),
  })
  .strict();

export const TOPOLOGIES = ['ub-mesh', 'fat-tree', 'custom'] as const;
export type TopologyName = (typeof TOPOLOGIES)[number];

const profileObjectSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string(),
    description: z.string(),
    accelerator: z
      .object({
        model: z.string(),
        kind: z.enum(['npu', 'gpu']),
        hbmGB: sourced(z.number().positive()),
      })
      .strict(),
    layout: z
      .object({
        pods: z.number().int().positive(),
        podRows: z.number().int().positive(),
        podCols: z.number().int().positive(),
        serversPerCabinet: z.number().int().positive(),
        acceleratorsPerServer: z.number().int().positive(),
        backupsPerCabinet: z.number().int().min(0),
        interconnectCabinets: z.number().int().min(0),
        source: z.string(),
      })
      .strict(),
    fabric: z
      .object({
        /**
         * How the cabinets are joined: `ub-mesh` (the default) builds the nD full mesh from the
         * flags below; `fat-tree` a k-ary fat tree (`fatTree`); `custom` the switches and links
         * listed in `custom`.
         */
        topology: z.enum(TOPOLOGIES).optional(),
        /**
         * `full-mesh`: every pair in a server has a direct link (UB X-links, HCCS); `switch`: through
         * a server switch (NVSwitch); `none`: no link inside a server is modelled (a scale-out-only
         * profile).
         */
        intraServer: z.enum(['full-mesh', 'switch', 'none']),
        /** Links between accelerators of the same position on different servers of a cabinet (UB Y-links). */
        intraCabinetMesh: z.boolean(),
        /** Cabinet switches of one pod row and one pod column fully meshed (UB-Mesh 4 × 4 rack mesh). */
        podCabinetMesh: z.boolean(),
        links: z
          .object({
            /** Required unless intraServer is `none`. */
            intraServer: linkClassSchema.optional(),
            intraCabinet: linkClassSchema.optional(),
            uplink: linkClassSchema,
            backupUplink: linkClassSchema.optional(),
            cabinetMesh: linkClassSchema.optional(),
            spine: linkClassSchema.optional(),
            /** Fat tree: edge ↔ aggregation switch. */
            aggregation: linkClassSchema.optional(),
            /** Fat tree: aggregation ↔ core switch. */
            core: linkClassSchema.optional(),
          })
          .strict(),
        /** A k-ary fat tree (Al-Fares et al., SIGCOMM 2008); only 1:1 (non-blocking) is modelled. */
        fatTree: z
          .object({
            k: z
              .number()
              .int()
              .min(2)
              .refine((k) => k % 2 === 0, 'k must be even'),
            oversubscription: z.literal('1:1'),
            source: z.string().min(1),
          })
          .strict()
          .optional(),
        custom: z
          .object({
            switches: z.array(customSwitchSchema).min(1),
            links: z.array(customLinkSchema).min(1),
          })
          .strict()
          .optional(),
        latency: z
          .object({
            endpointUs: sourced(z.number().nonnegative()),
            perHopUs: sourced(z.number().nonnegative()),
          })
          .strict(),
      })
      .strict(),
    sources: z.array(z.string()),
  })
  .strict();

export type HardwareProfile = z.infer<typeof profileObjectSchema>;

export const hardwareProfileSchema = profileObjectSchema.superRefine((p, ctx) => {
  for (const issue of profileIssues(p)) ctx.addIssue({ code: 'custom', ...issue });
});
export type LinkClass = z.infer<typeof linkClassSchema>;
export type CustomLink = z.infer<typeof customLinkSchema>;
export type LinkClassName = CustomLink['class'];

/** The topology a profile names (`ub-mesh` when it names none). */
export const topologyOf = (profile: HardwareProfile): TopologyName =>
  profile.fabric.topology ?? 'ub-mesh';

type Issue = { readonly path: (string | number)[]; readonly message: string };

/** Cross-field rules, each reported at the path of the field to change. */
function profileIssues(p: HardwareProfile): Issue[] {
  const issues: Issue[] = [];
  const f = p.fabric;
  const l = p.layout;
  const need = (cond: boolean, path: (string | number)[], message: string) => {
    if (cond) issues.push({ path, message });
  };
  const topology = topologyOf(p);
  need(
    f.intraCabinetMesh && !f.links.intraCabinet,
    ['fabric', 'links', 'intraCabinet'],
    'required when intraCabinetMesh is true',
  );
  need(
    f.podCabinetMesh && !f.links.cabinetMesh,
    ['fabric', 'links', 'cabinetMesh'],
    'required when podCabinetMesh is true',
  );
  need(
    l.backupsPerCabinet > 0 && !f.links.backupUplink,
    ['fabric', 'links', 'backupUplink'],
    'required when backupsPerCabinet > 0',
  );
  need(
    f.intraServer !== 'none' && !f.links.intraServer,
    ['fabric', 'links', 'intraServer'],
    'required unless intraServer is "none"',
  );
  need(
    topology !== 'fat-tree' && f.fatTree !== undefined,
    ['fabric', 'fatTree'],
    'only a fat-tree topology takes fatTree',
  );
  need(
    topology !== 'custom' && f.custom !== undefined,
    ['fabric', 'custom'],
    'only a custom topology takes custom',
  );
  if (topology === 'ub-mesh') {
    need(
      l.interconnectCabinets > 0 && !f.links.spine,
      ['fabric', 'links', 'spine'],
      'required when interconnectCabinets > 0',
    );
    need(
      f.intraServer === 'none',
      ['fabric', 'intraServer'],
      'a ub-mesh topology links the accelerators of a server (full-mesh or switch)',
    );
  }
  if (topology === 'fat-tree') issues.push(...fatTreeIssues(p));
  if (topology === 'custom') {
    need(!f.custom, ['fabric', 'custom'], 'required when topology is custom');
    need(
      f.podCabinetMesh,
      ['fabric', 'podCabinetMesh'],
      'a custom topology lists its cabinet links itself; set podCabinetMesh to false',
    );
    if (f.custom) issues.push(...expandCustomLinks(p, nodeSpace(p)).issues);
  }
  return issues;
}

/**
 * A fat tree is laid onto the profile's cabinets, so the layout must agree with k: k pods of k²/4
 * hosts, each cabinet holding whole edge switches (k/2 hosts each) and an equal share of its
 * pod's k/2 aggregation switches, and the (k/2)² core switches shared evenly by the interconnect
 * cabinets.
 */
function fatTreeIssues(p: HardwareProfile): Issue[] {
  const f = p.fabric;
  const l = p.layout;
  if (!f.fatTree)
    return [{ path: ['fabric', 'fatTree'], message: 'required when topology is fat-tree' }];
  const issues: Issue[] = [];
  const k = f.fatTree.k;
  const half = k / 2;
  const at = (field: string, message: string) => issues.push({ path: ['layout', field], message });
  for (const name of ['uplink', 'aggregation', 'core'] as const)
    if (!f.links[name])
      issues.push({
        path: ['fabric', 'links', name],
        message: 'required when topology is fat-tree',
      });
  if (f.intraServer !== 'none')
    issues.push({
      path: ['fabric', 'intraServer'],
      message: 'a fat tree models the scale-out network only: set intraServer to "none"',
    });
  if (f.intraCabinetMesh || f.podCabinetMesh)
    issues.push({
      path: ['fabric', f.intraCabinetMesh ? 'intraCabinetMesh' : 'podCabinetMesh'],
      message: 'a fat tree has no mesh links: set intraCabinetMesh and podCabinetMesh to false',
    });
  if (l.pods !== k) at('pods', `a fat tree with k = ${k} has ${k} pods, got ${l.pods}`);
  const cabinetsPerPod = l.podRows * l.podCols;
  const hostsPerCabinet = l.serversPerCabinet * l.acceleratorsPerServer;
  if (cabinetsPerPod * hostsPerCabinet !== half * half)
    at(
      'serversPerCabinet',
      `a pod holds k²/4 = ${half * half} hosts, got ${cabinetsPerPod} cabinets × ${hostsPerCabinet}`,
    );
  else if (hostsPerCabinet % half !== 0 || half % cabinetsPerPod !== 0)
    at(
      'podCols',
      `each cabinet must hold whole edge switches (${half} hosts each) and ${half} aggregation switches must split evenly over ${cabinetsPerPod} cabinets`,
    );
  if (l.backupsPerCabinet !== 0) at('backupsPerCabinet', 'a fat tree has no backup NPUs: set 0');
  if (l.interconnectCabinets < 1 || (half * half) % l.interconnectCabinets !== 0)
    at(
      'interconnectCabinets',
      `the ${half * half} core switches must split evenly over the interconnect cabinets, got ${l.interconnectCabinets}`,
    );
  return issues;
}
