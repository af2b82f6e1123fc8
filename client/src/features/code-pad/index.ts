export { CodePad, type CodePadProps } from "./CodePad.tsx";
