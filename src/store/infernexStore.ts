import { createStore } from 'zustand/vanilla';
import type {
  CompareResult,
  DecisionView,
  InstanceArrays,
  RunInfo,
  ScalingStudyResult,
  SweepResult,
  TierStudyResult,
  TraceSummary,
} from '../../workers/infernex.worker';
import type { MetricsSummary } from '../engines/infernex/metrics';
import {
  DEFAULT_INFERNEX_SETTINGS,
  type InferNexSettings,
  type InferNexTraceSource,
} from './infernexSettings';

export type InferNexTraceState =
  | { readonly status: 'none' }
  | {
      readonly status: 'loading';
      readonly source: InferNexTraceSource;
      readonly name: string;
      readonly stage: 'reading' | 'parsing';
      /** 0…1 while reading with a known size; undefined when unknown or parsing. */
      readonly fraction: number | undefined;
    }
  | { readonly status: 'ready'; readonly source: InferNexTraceSource; readonly info: TraceSummary }
  | {
      readonly status: 'error';
      readonly source: InferNexTraceSource;
      readonly name: string;
      readonly line: number;
      readonly message: string;
      readonly errorCount: number;
    };

export type InferNexRunStatus = 'idle' | 'starting' | 'running' | 'paused' | 'done' | 'error';

/** The replay now, refreshed a few times a second (never per chunk). */
export interface InferNexLive {
  readonly timeUs: number;
  readonly arrived: number;
  readonly completed: number;
  readonly failed: number;
  readonly inFlight: number;
  readonly summary: MetricsSummary;
  readonly instances: InstanceArrays;
  readonly lastDecision: DecisionView | undefined;
  /** Wall time the replay has run (pauses excluded), ms. */
  readonly wallMs: number;
  readonly chunks: number;
}

export type InferNexCompareState =
  | { readonly status: 'idle' }
  | {
      readonly status: 'running';
      readonly done: number;
      readonly total: number;
      readonly label: string;
    }
  | { readonly status: 'done'; readonly result: CompareResult; readonly wallMs: number }
  | { readonly status: 'error'; readonly message: string };

/** One what-if study: runs done (fractional inside a run) of how many, or its result. */
export type InferNexStudyState<T> =
  | { readonly status: 'idle' }
  | {
      readonly status: 'running';
      readonly done: number;
      readonly total: number;
      readonly label: string;
    }
  | { readonly status: 'done'; readonly result: T; readonly wallMs: number }
  | { readonly status: 'error'; readonly message: string };

export interface InferNexStudies {
  readonly scaling: InferNexStudyState<ScalingStudyResult>;
  readonly tiers: InferNexStudyState<TierStudyResult>;
  readonly sweep: InferNexStudyState<SweepResult>;
}

export interface InferNexState {
  readonly settings: InferNexSettings;
  readonly trace: InferNexTraceState;
  readonly status: InferNexRunStatus;
  readonly message: string | undefined;
  readonly info: RunInfo | undefined;
  readonly live: InferNexLive | undefined;
  readonly compare: InferNexCompareState;
  readonly studies: InferNexStudies;
}

export const initialInferNexState: InferNexState = {
  settings: DEFAULT_INFERNEX_SETTINGS,
  trace: { status: 'none' },
  status: 'idle',
  message: undefined,
  info: undefined,
  live: undefined,
  compare: { status: 'idle' },
  studies: { scaling: { status: 'idle' }, tiers: { status: 'idle' }, sweep: { status: 'idle' } },
};

export const createInferNexStore = () => createStore<InferNexState>()(() => initialInferNexState);

export type InferNexStore = ReturnType<typeof createInferNexStore>;

/** The InferNex panel's state: small, so the first chunk can hold it for the tab. */
export const infernexStore = createInferNexStore();

/** Settings whose change makes the current replay meaningless. */
const RUN_KEYS: readonly (keyof InferNexSettings)[] = [
  'trace',
  'limit',
  'profile',
  'model',
  'tp',
  'instances',
  'mode',
  'pdPlacement',
  'policy',
  'seed',
];

/** Whether going from `a` to `b` needs a fresh replay. */
export const changesRun = (a: InferNexSettings, b: InferNexSettings): boolean =>
  RUN_KEYS.some((k) => a[k] !== b[k]);
