import type { ReactNode } from 'react';

/** A labelled group in the Faults tab's one-line forms. */
export function Field(props: { label: string; grow?: boolean; children: ReactNode }) {
  return (
    <div
      className={props.grow ? 'tw-flt-field tw-flt-grow' : 'tw-flt-field'}
      role="group"
      aria-label={props.label}
    >
      <span>{props.label}</span>
      {props.children}
    </div>
  );
}

/** A choice of a few words, one on. */
export function Segmented<T extends string>(props: {
  value: T;
  options: readonly (readonly [T, string])[];
  onChange: (value: T) => void;
  testId: string;
}) {
  return (
    <span className="tw-flt-seg" role="radiogroup" data-testid={props.testId}>
      {props.options.map(([value, label]) => (
        <button
          key={value}
          type="button"
          role="radio"
          aria-checked={props.value === value}
          className={props.value === value ? 'tw-flt-seg-on' : undefined}
          data-value={value}
          onClick={() => props.onChange(value)}
        >
          {label}
        </button>
      ))}
    </span>
  );
}
