export { ErrorScreen, type ErrorScreenProps } from "./ErrorScreen.tsx";
export { problemCopy, type Problem, type ProblemCopy } from "./error-copy.ts";
export { ROLE_LABELS, RoleBadge, roleHue } from "./RoleBadge.tsx";
