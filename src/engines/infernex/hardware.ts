import { z } from 'zod';
import type { HardwareProfile } from '../../model';
import acceleratorsJson from './data/accelerators.json';
import modelsJson from './data/models.json';

/**
 * Model shapes and accelerator step-time constants are data (`data/*.json`), each number with its
 * source or the word "assumption", so a new model or a recalibrated accelerator is a data change.
 */

const sourced = <T extends z.ZodTypeAny>(value: T) =>
  z.object({ value, source: z.string().min(1) }).strict();
const positive = sourced(z.number().positive());
const nonNegative = sourced(z.number().nonnegative());

const modelShapeSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9.-]+$/),
    name: z.string(),
    params: positive,
    layers: sourced(z.number().int().positive()),
    hiddenSize: sourced(z.number().int().positive()),
    kvHeads: sourced(z.number().int().positive()),
    headDim: sourced(z.number().int().positive()),
    bytesPerElement: positive,
    maxContextTokens: sourced(z.number().int().positive()),
  })
  .strict();

const acceleratorSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9.-]+$/),
    name: z.string(),
    /** `accelerator.model` strings of hardware profiles that default to this accelerator. */
    profileModels: z.array(z.string()),
    peakTflops: positive,
    hbmGB: positive,
    hbmTBps: positive,
    /** Share of HBM left for weights and KV (the rest: activations, runtime), like vLLM's gpu_memory_utilization. */
    memoryUtilisation: sourced(z.number().positive().max(1)),
    calibration: z
      .object({
        source: z.string().min(1),
        prefillFixedMs: nonNegative,
        etaLinear: sourced(z.number().positive().max(1)),
        etaAttention: sourced(z.number().positive().max(1)),
        decodeFixedMs: nonNegative,
        etaBandwidth: sourced(z.number().positive().max(1)),
        perSequenceMs: nonNegative,
      })
      .strict(),
  })
  .strict();

export type ModelShapeData = z.infer<typeof modelShapeSchema>;
export type AcceleratorData = z.infer<typeof acceleratorSchema>;

/** A model's shape in plain numbers. */
export interface ModelShape {
  readonly id: string;
  readonly name: string;
  readonly params: number;
  readonly layers: number;
  readonly hiddenSize: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly bytesPerElement: number;
  readonly maxContextTokens: number;
}

/** An accelerator's peak figures and its calibrated efficiencies, in plain numbers. */
export interface AcceleratorSpec {
  readonly id: string;
  readonly name: string;
  readonly peakTflops: number;
  readonly hbmGB: number;
  readonly hbmTBps: number;
  readonly memoryUtilisation: number;
  readonly prefillFixedMs: number;
  readonly etaLinear: number;
  readonly etaAttention: number;
  readonly decodeFixedMs: number;
  readonly etaBandwidth: number;
  readonly perSequenceMs: number;
}

function toModel(d: ModelShapeData): ModelShape {
  return {
    id: d.id,
    name: d.name,
    params: d.params.value,
    layers: d.layers.value,
    hiddenSize: d.hiddenSize.value,
    kvHeads: d.kvHeads.value,
    headDim: d.headDim.value,
    bytesPerElement: d.bytesPerElement.value,
    maxContextTokens: d.maxContextTokens.value,
  };
}

function toAccelerator(d: AcceleratorData): AcceleratorSpec {
  const c = d.calibration;
  return {
    id: d.id,
    name: d.name,
    peakTflops: d.peakTflops.value,
    hbmGB: d.hbmGB.value,
    hbmTBps: d.hbmTBps.value,
    memoryUtilisation: d.memoryUtilisation.value,
    prefillFixedMs: c.prefillFixedMs.value,
    etaLinear: c.etaLinear.value,
    etaAttention: c.etaAttention.value,
    decodeFixedMs: c.decodeFixedMs.value,
    etaBandwidth: c.etaBandwidth.value,
    perSequenceMs: c.perSequenceMs.value,
  };
}

/** Validated once: a broken data file fails at start-up and in tests, never mid-run. */
export const MODEL_DATA: readonly ModelShapeData[] = z
  .array(modelShapeSchema)
  .parse(modelsJson.models);
export const ACCELERATOR_DATA: readonly AcceleratorData[] = z
  .array(acceleratorSchema)
  .parse(acceleratorsJson.accelerators);

export const MODELS: ReadonlyMap<string, ModelShape> = new Map(
  MODEL_DATA.map((d) => [d.id, toModel(d)] as const),
);
export const ACCELERATORS: ReadonlyMap<string, AcceleratorSpec> = new Map(
  ACCELERATOR_DATA.map((d) => [d.id, toAccelerator(d)] as const),
);

export function getModel(id: string): ModelShape {
  const model = MODELS.get(id);
  if (!model) throw new Error(`unknown model "${id}" (known: ${[...MODELS.keys()].join(', ')})`);
  return model;
}

export function getAccelerator(id: string): AcceleratorSpec {
  const accelerator = ACCELERATORS.get(id);
  if (!accelerator)
    throw new Error(`unknown accelerator "${id}" (known: ${[...ACCELERATORS.keys()].join(', ')})`);
  return accelerator;
}

/** The accelerator a hardware profile's devices default to, or undefined when none is calibrated. */
export function acceleratorForProfile(profile: HardwareProfile): AcceleratorSpec | undefined {
  const data = ACCELERATOR_DATA.find((d) => d.profileModels.includes(profile.accelerator.model));
  return data ? ACCELERATORS.get(data.id) : undefined;
}

/** KV bytes one token occupies: K and V, every layer, every KV head (reference §5). */
export const kvBytesPerToken = (m: ModelShape): number =>
  2 * m.layers * m.kvHeads * m.headDim * m.bytesPerElement;

export const weightBytes = (m: ModelShape): number => m.params * m.bytesPerElement;

/**
 * KV tokens an instance of `tp` accelerators can hold: HBM × utilisation, less the weights. Zero or
 * negative means the model does not fit at this tensor-parallel size.
 */
export function kvCapacityTokens(
  accelerator: AcceleratorSpec,
  model: ModelShape,
  tp: number,
): number {
  const usable = tp * accelerator.hbmGB * 1e9 * accelerator.memoryUtilisation - weightBytes(model);
  return Math.floor(usable / kvBytesPerToken(model));
}
