import { z } from 'zod';

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

export const hardwareProfileSchema = z
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
        /** `full-mesh`: every pair in a server has a direct link (UB X-links, HCCS); `switch`: through a server switch (NVSwitch). */
        intraServer: z.enum(['full-mesh', 'switch']),
        /** Links between accelerators of the same position on different servers of a cabinet (UB Y-links). */
        intraCabinetMesh: z.boolean(),
        /** Cabinet switches of one pod row and one pod column fully meshed (UB-Mesh 4 × 4 rack mesh). */
        podCabinetMesh: z.boolean(),
        links: z
          .object({
            intraServer: linkClassSchema,
            intraCabinet: linkClassSchema.optional(),
            uplink: linkClassSchema,
            backupUplink: linkClassSchema.optional(),
            cabinetMesh: linkClassSchema.optional(),
            spine: linkClassSchema,
          })
          .strict(),
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
  .strict()
  .superRefine((p, ctx) => {
    const f = p.fabric;
    if (f.intraCabinetMesh && !f.links.intraCabinet) {
      ctx.addIssue({
        code: 'custom',
        path: ['fabric', 'links', 'intraCabinet'],
        message: 'required when intraCabinetMesh is true',
      });
    }
    if (f.podCabinetMesh && !f.links.cabinetMesh) {
      ctx.addIssue({
        code: 'custom',
        path: ['fabric', 'links', 'cabinetMesh'],
        message: 'required when podCabinetMesh is true',
      });
    }
    if (p.layout.backupsPerCabinet > 0 && !f.links.backupUplink) {
      ctx.addIssue({
        code: 'custom',
        path: ['fabric', 'links', 'backupUplink'],
        message: 'required when backupsPerCabinet > 0',
      });
    }
  });

export type HardwareProfile = z.infer<typeof hardwareProfileSchema>;
export type LinkClass = z.infer<typeof linkClassSchema>;
