import { createStore } from 'zustand/vanilla';
import { DEFAULT_FAULT_FORM, type FaultForm, type FaultFormField } from './faults';

/** The outcome of the last inject or import, shown under the form. */
export type FaultNotice =
  | { readonly kind: 'error'; readonly field: FaultFormField | 'plan'; readonly message: string }
  | { readonly kind: 'ok'; readonly message: string };

export interface FaultsStoreState {
  /** The inject form survives switching tabs. */
  readonly form: FaultForm;
  readonly notice: FaultNotice | undefined;
  /** Errors of the last plan import, one per line of the YAML. */
  readonly planErrors: readonly string[];
  /** The fault highlighted in the list and timeline. */
  readonly selectedFault: string | undefined;
}

export const faultsStore = createStore<FaultsStoreState>()(() => ({
  form: DEFAULT_FAULT_FORM,
  notice: undefined,
  planErrors: [],
  selectedFault: undefined,
}));

export function editFaultForm(patch: Partial<FaultForm>): void {
  const { form, notice } = faultsStore.getState();
  // An edit answers a field's error; keep success notices until the next action.
  faultsStore.setState({
    form: { ...form, ...patch },
    notice: notice?.kind === 'error' && notice.field !== 'plan' ? undefined : notice,
  });
}
