import type { ScheduledEvent } from './engine';
import type { Scenario, TimelineEvent } from './scenario';
import { secondsToUs } from './time';

/**
 * Merges a scenario's own timeline with the operator's actions into one schedule on the integer
 * microsecond clock. At one instant the scenario's events come first, then the operator's, each in
 * the order written, so replaying `scenario + actions` applies ties exactly as the session did.
 */
export function scheduleTimeline(
  scenario: Scenario,
  actions: readonly TimelineEvent[],
): ScheduledEvent[] {
  const merged = [...scenario.timeline, ...actions].map((event, order) => ({
    timeUs: secondsToUs(event.atSeconds),
    order,
    event,
  }));
  // Array.prototype.sort is stable (ES2019), and `order` makes the tie-break explicit anyway.
  merged.sort((a, b) => a.timeUs - b.timeUs || a.order - b.order);
  return merged.map(({ timeUs, event }, seq) => ({ timeUs, seq, event }));
}
