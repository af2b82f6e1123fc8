export const Spinner = ({ label = "Loading" }: { label?: string }) => (
  <span className="spinner" role="progressbar" aria-label={label} />
);
