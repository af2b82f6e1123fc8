export { ProblemStatement, PromptAndProbes, type PromptAndProbesProps } from "./PromptPanel.tsx";
export { Statement } from "./Statement.tsx";
export { parseStatement, type Block } from "./statement.ts";
