export { RadarChart } from "./RadarChart.tsx";
export { RoundsList, type RoundsListProps } from "./RoundsList.tsx";
export { noteClock, noteReplayHref, reportPath, reportPathOf, toMarkdown } from "./report-model.ts";

/** The report page is its own chunk: the shell loads it only on `/r/:id/report/:round`. */
export const loadReportPage = () => import("./ReportPage.tsx");
