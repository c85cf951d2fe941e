/**
 * Runs async tasks one after another. Everything that moves the runtime's clock or reads its state
 * (advance, set actions, route, digest) goes through one queue, so a digest never lands between
 * two halves of an advance and the playback loop can see at a glance that the worker is busy.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private epoch = 0;

  /** True while a task runs or waits. */
  get busy(): boolean {
    return this.pending > 0;
  }

  run<T>(task: () => Promise<T>): Promise<T> {
    const epoch = this.epoch;
    this.pending++;
    const result = this.tail.then(task);
    const settle = () => {
      if (epoch === this.epoch) this.pending--;
    };
    this.tail = result.then(settle, settle);
    return result;
  }

  /**
   * Starts a fresh line. Used when the runtime is replaced: a call to a disposed worker may never
   * settle, and the new runtime must not wait behind it.
   */
  reset(): void {
    this.epoch++;
    this.pending = 0;
    this.tail = Promise.resolve();
  }
}

/** The queue in front of the console's runtime. */
export const runtimeQueue = new SerialQueue();
