import { createRequire } from "node:module";
import type * as Axe from "axe-core";
import type { AxeResults, Result } from "axe-core";
import type { Page } from "playwright-core";

declare global {
  interface Window {
    axe?: typeof Axe;
  }
}

const AXE_SOURCE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** Serious and critical axe violations on the page, outside the regions listed in `exclude`. */
export const seriousViolations = async (page: Page, exclude: string[] = []): Promise<Result[]> => {
  await page.addScriptTag({ path: AXE_SOURCE });
  const results: AxeResults = await page.evaluate(async (excluded) => {
    const axe = window.axe;
    if (!axe) throw new Error("axe-core did not load");
    return axe.run({ exclude: excluded.map((s) => [s]) }, { resultTypes: ["violations"] });
  }, exclude);
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
};

export const describeViolations = (violations: readonly Result[]): string =>
  violations
    .map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`)
    .join("\n");
