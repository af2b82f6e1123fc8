import "./css-properties.ts";

export { Avatar, initials } from "./Avatar.tsx";
export { Badge } from "./Badge.tsx";
export { Button, IconButton, LinkButton } from "./Button.tsx";
export { CopyField } from "./CopyField.tsx";
export { cx } from "./cx.ts";
export { Dialog } from "./Dialog.tsx";
export { ErrorBoundary } from "./ErrorBoundary.tsx";
export { Select, SelectField, TextField, type SelectOption } from "./Field.tsx";
export * from "./icons.tsx";
export { Kbd } from "./Kbd.tsx";
export { Popover, type PopoverTriggerProps } from "./Popover.tsx";
export { Spinner } from "./Spinner.tsx";
export { SplitPane } from "./SplitPane.tsx";
export { StatusPill, type PillTone } from "./StatusPill.tsx";
export { Tabs, type TabItem } from "./Tabs.tsx";
export { ToastProvider, useToast, type ToastInput } from "./Toast.tsx";
