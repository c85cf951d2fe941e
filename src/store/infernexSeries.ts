import type { WindowPoint } from '../../workers/infernex.worker';

/** The chart lines the panel draws, each one column of the replay's windows. */
export const INFERNEX_COLUMNS = [
  'ttftMean',
  'ttftP50',
  'ttftP90',
  'ttftP99',
  'e2eMean',
  'e2eP50',
  'e2eP90',
  'e2eP99',
  'tpotMean',
  'queueDepth',
  'batchMean',
  'kvUtilisation',
  'hitRate',
  'inFlight',
  'completedPerS',
  'completed',
] as const;
export type InferNexColumn = (typeof INFERNEX_COLUMNS)[number];

function columnValue(p: WindowPoint, column: InferNexColumn): number {
  switch (column) {
    case 'ttftMean':
      return p.ttftS.mean;
    case 'ttftP50':
      return p.ttftS.p50;
    case 'ttftP90':
      return p.ttftS.p90;
    case 'ttftP99':
      return p.ttftS.p99;
    case 'e2eMean':
      return p.e2eS.mean;
    case 'e2eP50':
      return p.e2eS.p50;
    case 'e2eP90':
      return p.e2eS.p90;
    case 'e2eP99':
      return p.e2eS.p99;
    case 'tpotMean':
      return p.tpotS.mean;
    case 'queueDepth':
      return p.queueDepth;
    case 'batchMean':
      return p.batchMean;
    case 'kvUtilisation':
      return p.kvUtilisation;
    case 'hitRate':
      return p.hitRate;
    case 'inFlight':
      return p.inFlight;
    case 'completedPerS':
      return p.completedPerS;
    case 'completed':
      return p.completed;
  }
}

/**
 * The replay's windows as growable float columns (time in µs plus one column per line), read by
 * the canvas charts without going through React state. `version` changes on every append so a
 * chart redraws only when there is something new.
 */
export class InferNexSeries {
  private capacity = 256;
  private times = new Float64Array(this.capacity);
  private readonly columns = new Map<InferNexColumn, Float64Array>(
    INFERNEX_COLUMNS.map((c) => [c, new Float64Array(this.capacity)]),
  );
  length = 0;
  version = 0;
  private readonly listeners = new Set<() => void>();

  append(points: readonly WindowPoint[]): void {
    if (points.length === 0) return;
    this.reserve(this.length + points.length);
    for (const p of points) {
      // Windows arrive in time order; a repeated time (never expected) replaces the last point.
      const at =
        this.length > 0 && this.times[this.length - 1] >= p.timeUs ? this.length - 1 : this.length;
      this.times[at] = p.timeUs;
      for (const c of INFERNEX_COLUMNS)
        (this.columns.get(c) as Float64Array)[at] = columnValue(p, c);
      this.length = at + 1;
    }
    this.version++;
    for (const listener of this.listeners) listener();
  }

  clear(): void {
    this.length = 0;
    this.version++;
    for (const listener of this.listeners) listener();
  }

  timesUs(): Float64Array {
    return this.times.subarray(0, this.length);
  }

  column(c: InferNexColumn): Float64Array {
    return (this.columns.get(c) as Float64Array).subarray(0, this.length);
  }

  /** Largest value of the columns, over the points where `completed` > 0 when `onlyCompleted`. */
  max(columns: readonly InferNexColumn[], onlyCompleted = false): number {
    const done = this.column('completed');
    let max = 0;
    for (const c of columns) {
      const values = this.column(c);
      for (let i = 0; i < values.length; i++)
        if ((!onlyCompleted || done[i] > 0) && values[i] > max) max = values[i];
    }
    return max;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private reserve(n: number): void {
    if (n <= this.capacity) return;
    while (this.capacity < n) this.capacity *= 2;
    const grow = (a: Float64Array) => {
      const b = new Float64Array(this.capacity);
      b.set(a.subarray(0, this.length));
      return b;
    };
    this.times = grow(this.times);
    for (const c of INFERNEX_COLUMNS)
      this.columns.set(c, grow(this.columns.get(c) as Float64Array));
  }
}

/** The panel's one series buffer. */
export const infernexSeries = new InferNexSeries();
