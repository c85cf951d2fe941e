import { createStore } from 'zustand/vanilla';
import type { Cluster, FloorLayout } from '../model';
import type { Scenario, TimelineEvent } from '../sim/scenario';
import type { TwinRuntime } from './runtime';

export type RuntimeStatus = 'idle' | 'loading' | 'ready' | 'error';

/** An error the console shows in its banner until dismissed. */
export interface ConsoleError {
  readonly id: number;
  readonly message: string;
}

/** A share link that could not be opened: why, and the raw payload the user can download. */
export interface LinkError {
  readonly reason: string;
  readonly payload: string;
}

export interface SessionState {
  readonly scenario: Scenario | undefined;
  /** Id in the scenario library when the scenario came from it. */
  readonly libraryId: string | undefined;
  /** Operator actions added at the console; they travel with the scenario in share links. */
  readonly actions: readonly TimelineEvent[];
  readonly runtime: TwinRuntime | undefined;
  readonly cluster: Cluster | undefined;
  readonly layout: FloorLayout | undefined;
  readonly status: RuntimeStatus;
  /** Bumped on every load, so late answers from an older runtime can be recognised and dropped. */
  readonly generation: number;
  readonly errors: readonly ConsoleError[];
  readonly linkError: LinkError | undefined;
}

export const initialSessionState: SessionState = {
  scenario: undefined,
  libraryId: undefined,
  actions: [],
  runtime: undefined,
  cluster: undefined,
  layout: undefined,
  status: 'idle',
  generation: 0,
  errors: [],
  linkError: undefined,
};

export const createSessionStore = () => createStore<SessionState>()(() => initialSessionState);

export type SessionStore = ReturnType<typeof createSessionStore>;

/** The console's session. */
export const sessionStore = createSessionStore();

let nextErrorId = 1;

export function pushError(store: SessionStore, message: string): void {
  const errors = [...store.getState().errors, { id: nextErrorId++, message }];
  // The banner shows the recent few; the event log keeps them all.
  store.setState({ errors: errors.slice(-5) });
}

export function dismissError(store: SessionStore, id: number): void {
  store.setState({ errors: store.getState().errors.filter((e) => e.id !== id) });
}

/** Text of anything thrown, for the banner and the log. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
