export { AgendaTimer, type AgendaTimerProps } from "./AgendaTimer.tsx";
