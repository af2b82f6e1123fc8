import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";
import { cx } from "./cx.ts";

interface FieldFrame {
  label: ReactNode;
  hint?: ReactNode;
  error?: string | null;
}

export type TextFieldProps = FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, "id">;

export const TextField = ({ label, hint, error, className, ...input }: TextFieldProps) => {
  const id = useId();
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <div className={cx("field", className)}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="input"
        aria-invalid={error ? true : undefined}
        aria-describedby={[hintId, errorId].filter(Boolean).join(" ") || undefined}
        {...input}
      />
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field__error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
};

export interface SelectOption<V extends string> {
  value: V;
  label: string;
}

export type SelectFieldProps<V extends string> = FieldFrame &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, "id" | "value" | "onChange" | "size"> & {
    value: V;
    options: readonly SelectOption<V>[];
    onChange: (value: V) => void;
  };

export const SelectField = <V extends string>({
  label,
  hint,
  error,
  options,
  value,
  onChange,
  className,
  ...rest
}: SelectFieldProps<V>) => {
  const id = useId();
  return (
    <div className={cx("field", className)}>
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <Select id={id} value={value} options={options} onChange={onChange} {...rest} />
      {hint && <p className="field__hint">{hint}</p>}
      {error && <p className="field__error">{error}</p>}
    </div>
  );
};

export type SelectProps<V extends string> = Omit<
  SelectHTMLAttributes<HTMLSelectElement>,
  "value" | "onChange" | "size"
> & {
  value: V;
  options: readonly SelectOption<V>[];
  onChange: (value: V) => void;
  /** 32 px tall, for toolbars. */
  compact?: boolean;
};

/** A native select: accessible and keyboard-friendly for free. Values are matched back to the typed options. */
export const Select = <V extends string>({ value, options, onChange, className, compact, ...rest }: SelectProps<V>) => (
  <select
    className={cx("select", compact && "select--sm", className)}
    value={value}
    onChange={(e) => {
      const picked = options.find((o) => o.value === e.target.value);
      if (picked) onChange(picked.value);
    }}
    {...rest}
  >
    {options.map((o) => (
      <option key={o.value} value={o.value}>
        {o.label}
      </option>
    ))}
  </select>
);
