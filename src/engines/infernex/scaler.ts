import type { Instance, InstanceRole } from './instance';

/**
 * The PD elastic scaler (SR-27). Two policies on the same signals (Dynamo load planner, reference
 * §6: prefill queue per prefill instance, mean KV utilisation of decode instances; ±1 step per
 * interval; no scale-down for 3 intervals after a scale-up):
 *  - `group`: prefill and decode move together as groups of `ratio` (P : D), so the ratio holds;
 *  - `hpa`:   an HPA-style baseline that scales P and D independently, each on its own signal.
 * Both honour a tidal (time-of-day) floor, scale to zero after an idle spell when the floor is 0,
 * and start from zero on the next arrival; every start pays a cold start.
 */
export interface ScalerConfig {
  readonly policy: 'group' | 'hpa';
  readonly intervalS: number;
  /** Model load and warm-up before a started instance serves (assumption: 60 s for a 70B model). */
  readonly coldStartS: number;
  /** Instances (agg) or groups (PD) running at the start. */
  readonly initial: number;
  /** Floor of instances (agg) or groups (PD); 0 allows scale to zero. */
  readonly min: number;
  /** PD group shape P : D (Mooncake found about 1 : 1 best, reference §2). */
  readonly ratio: readonly [number, number];
  readonly prefillQueueUp: number;
  readonly prefillQueueDown: number;
  readonly decodeKvUp: number;
  readonly decodeKvDown: number;
  /** With a floor of 0: scale to zero after this long without arrivals or work. */
  readonly idleToZeroS: number;
  /** Tidal schedule: from `atS` on, the floor is `min` (instances or groups); sorted by time. */
  readonly tidal?: readonly { readonly atS: number; readonly min: number }[];
}

export const SCALER_DEFAULTS: ScalerConfig = {
  policy: 'group',
  intervalS: 30,
  coldStartS: 60,
  initial: 1,
  min: 1,
  ratio: [1, 1],
  prefillQueueUp: 0.5,
  prefillQueueDown: 0.2,
  decodeKvUp: 0.9,
  decodeKvDown: 0.5,
  idleToZeroS: 300,
};

/** What the scaler needs of the simulation. */
export interface ScalerHost {
  readonly instances: readonly Instance[];
  readonly config: { readonly mode: 'agg' | 'pd' };
  readonly now: number;
  /** Requests waiting for any instance to come up. */
  readonly heldCount: number;
  setActive(inst: Instance, active: boolean, coldStartUs: number): void;
  log(level: 'info' | 'warn' | 'error', targets: readonly string[], message: string): void;
}

export interface ScalerEvent {
  readonly timeUs: number;
  readonly prefill: number;
  readonly decode: number;
  readonly reason: string;
}

export class ElasticScaler {
  readonly config: ScalerConfig;
  readonly intervalUs: number;
  /** Decisions with their reasons, in order. */
  readonly history: ScalerEvent[] = [];
  /** Instance-seconds of running (or starting) instances, per role group. */
  prefillInstanceSeconds = 0;
  decodeInstanceSeconds = 0;
  /** Instances started with a cold start (the warm ones running at time 0 do not count). */
  coldStarts = 0;
  private lastTickUs = 0;
  private lastScaleUpUs = -Infinity;
  private lastBusyUs = 0;

  constructor(
    config: Partial<ScalerConfig>,
    private readonly host: ScalerHost,
  ) {
    this.config = { ...SCALER_DEFAULTS, ...config };
    this.intervalUs = Math.round(this.config.intervalS * 1e6);
    // Start with `initial` instances (agg) or groups (PD) running, warm, the rest off.
    const [pr, dr] = this.pd ? this.config.ratio : [1, 0];
    this.setCount('prefill', this.config.initial * pr, 0);
    if (this.pd) this.setCount('decode', this.config.initial * dr, 0);
  }

  private get pd(): boolean {
    return this.host.config.mode === 'pd';
  }

  private pool(kind: 'prefill' | 'decode'): Instance[] {
    const roles: readonly InstanceRole[] = kind === 'decode' ? ['decode'] : ['prefill', 'mixed'];
    return this.host.instances.filter((i) => roles.includes(i.role) && i.up);
  }

  /** Running or starting instances of a kind. */
  count(kind: 'prefill' | 'decode'): number {
    return this.pool(kind).filter((i) => i.active || i.starting(this.host.now)).length;
  }

  /** Sets how many instances of a kind run: starts the lowest-index idle ones, stops the highest. */
  private setCount(kind: 'prefill' | 'decode', target: number, coldStartUs: number): void {
    const pool = this.pool(kind);
    const clamped = Math.max(0, Math.min(pool.length, target));
    let running = pool.filter((i) => i.active || i.starting(this.host.now));
    for (const inst of pool) {
      if (running.length >= clamped) break;
      if (inst.active || inst.starting(this.host.now)) continue;
      this.host.setActive(inst, true, coldStartUs);
      if (coldStartUs > 0) this.coldStarts++;
      running = [...running, inst];
    }
    for (let k = pool.length - 1; k >= 0 && running.length > clamped; k--) {
      const inst = pool[k];
      if (!running.includes(inst)) continue;
      this.host.setActive(inst, false, 0);
      inst.readyAtUs = 0;
      running = running.filter((x) => x !== inst);
    }
  }

  private floor(nowUs: number): number {
    let min = this.config.min;
    for (const step of this.config.tidal ?? []) if (step.atS * 1e6 <= nowUs) min = step.min;
    return min;
  }

  /** Whether a request arriving with nothing up can wait for a start. */
  canWake(): boolean {
    return this.pool('prefill').length > 0;
  }

  /** An arrival found nothing running: start one instance (agg) or group (PD) from zero. */
  wake(nowUs: number): void {
    this.lastBusyUs = nowUs;
    if (this.count('prefill') > 0 && (!this.pd || this.count('decode') > 0)) return;
    const cold = this.config.coldStartS * 1e6;
    const [pr, dr] = this.pd ? this.config.ratio : [1, 0];
    this.setCount('prefill', Math.max(this.count('prefill'), pr), cold);
    if (this.pd) this.setCount('decode', Math.max(this.count('decode'), dr), cold);
    this.record(nowUs, 'scale from zero on arrival');
  }

  /** An instance taken out of routing finished its last request. */
  drained(inst: Instance): void {
    inst.cache.clear();
  }

  tick(nowUs: number): void {
    const dtS = (nowUs - this.lastTickUs) / 1e6;
    this.lastTickUs = nowUs;
    this.prefillInstanceSeconds += this.count('prefill') * dtS;
    this.decodeInstanceSeconds += this.count('decode') * dtS;

    const prefill = this.pool('prefill').filter((i) => i.active);
    const decode = this.pd ? this.pool('decode').filter((i) => i.active) : prefill;
    const busy =
      this.host.heldCount > 0 ||
      prefill.some((i) => i.inFlight > 0) ||
      decode.some((i) => i.inFlight > 0);
    if (busy) this.lastBusyUs = nowUs;
    const queuePer = prefill.length
      ? prefill.reduce((s, i) => s + i.waitingCount, 0) / prefill.length
      : 0;
    const kv = decode.length ? decode.reduce((s, i) => s + i.kvUsage, 0) / decode.length : 0;
    const pUp = prefill.length > 0 && queuePer > this.config.prefillQueueUp;
    const pDown = queuePer < this.config.prefillQueueDown;
    const dUp = decode.length > 0 && kv > this.config.decodeKvUp;
    const dDown = kv < this.config.decodeKvDown;
    const graceOver = nowUs - this.lastScaleUpUs >= 3 * this.intervalUs;
    const cold = this.config.coldStartS * 1e6;
    const floor = this.floor(nowUs);
    const [pr, dr] = this.pd ? this.config.ratio : [1, 0];
    const p0 = this.count('prefill');
    const d0 = this.count('decode');

    // Scale to zero after an idle spell when the floor allows it.
    if (
      floor === 0 &&
      !busy &&
      nowUs - this.lastBusyUs >= this.config.idleToZeroS * 1e6 &&
      p0 + d0 > 0
    ) {
      this.setCount('prefill', 0, 0);
      this.setCount('decode', 0, 0);
      this.record(nowUs, `idle ${this.config.idleToZeroS} s: scale to zero`);
      return;
    }
    if (p0 === 0 && this.host.heldCount > 0) return this.wake(nowUs);
    if (p0 === 0 && floor === 0) return;

    let p = p0;
    let d = d0;
    const reasons: string[] = [];
    if (this.config.policy === 'group' || !this.pd) {
      const groups = this.pd ? Math.max(Math.ceil(p0 / pr), Math.ceil(d0 / dr)) : p0;
      // Whole groups only: the pool of the scarcer role caps them, so the ratio always holds.
      const maxGroups = this.pd
        ? Math.floor(Math.min(this.pool('prefill').length / pr, this.pool('decode').length / dr))
        : this.pool('prefill').length;
      let target = groups;
      if (pUp || dUp) {
        target = groups + 1;
        reasons.push(
          pUp
            ? `prefill queue ${queuePer.toFixed(2)}/instance > ${this.config.prefillQueueUp}`
            : `decode KV ${kv.toFixed(2)} > ${this.config.decodeKvUp}`,
        );
      } else if (pDown && dDown && graceOver && groups > Math.max(floor, 1)) {
        target = groups - 1;
        reasons.push(`queue ${queuePer.toFixed(2)} and KV ${kv.toFixed(2)} low`);
      }
      target = Math.min(Math.max(target, floor), maxGroups);
      if (target !== groups && reasons.length === 0) reasons.push(`tidal floor ${floor}`);
      p = target * pr;
      d = this.pd ? target * dr : 0;
    } else {
      // HPA-style: each role on its own signal, one step per interval.
      const floorP = floor * pr;
      const floorD = floor * dr;
      if (pUp) {
        p = p0 + 1;
        reasons.push(`prefill queue ${queuePer.toFixed(2)} > ${this.config.prefillQueueUp}`);
      } else if (pDown && graceOver && p0 > Math.max(1, floorP)) {
        p = p0 - 1;
        reasons.push(`prefill queue ${queuePer.toFixed(2)} < ${this.config.prefillQueueDown}`);
      }
      if (dUp) {
        d = d0 + 1;
        reasons.push(`decode KV ${kv.toFixed(2)} > ${this.config.decodeKvUp}`);
      } else if (dDown && graceOver && d0 > Math.max(1, floorD)) {
        d = d0 - 1;
        reasons.push(`decode KV ${kv.toFixed(2)} < ${this.config.decodeKvDown}`);
      }
      p = Math.max(p, floorP);
      d = Math.max(d, floorD);
    }
    if (p === p0 && d === d0) return;
    if (p > p0 || d > d0) this.lastScaleUpUs = nowUs;
    this.setCount('prefill', p, cold);
    if (this.pd) this.setCount('decode', d, cold);
    this.record(nowUs, reasons.join('; '));
  }

  private record(nowUs: number, reason: string): void {
    const event = {
      timeUs: nowUs,
      prefill: this.count('prefill'),
      decode: this.count('decode'),
      reason,
    };
    this.history.push(event);
    this.host.log(
      'info',
      [],
      `scaler (${this.config.policy}): ${event.prefill} ${this.pd ? 'prefill' : 'instances'}${this.pd ? ` + ${event.decode} decode` : ''} — ${reason}`,
    );
  }
}
