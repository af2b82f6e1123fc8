#!/usr/bin/env node
// Fails on import cycles between modules of any package, and on a package importing one it may
// not (the package graph is shared <- rubrics <- server, shared <- client, shared <- tests).
import { readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), "..");
const PACKAGES = ["shared", "rubrics", "server", "client", "tests"];
const ALLOWED = {
  shared: [],
  rubrics: ["shared"],
  server: ["shared", "rubrics"],
  client: ["shared"],
  tests: ["shared"],
};

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith(".d.ts")) files.push(p);
  }
};
for (const pkg of PACKAGES) walk(join(ROOT, pkg));

const problems = [];
const graph = new Map();
const importRe = /(?:import|export)\s[^"']*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;
for (const file of files) {
  const pkg = relative(ROOT, file).split("/")[0];
  const src = readFileSync(file, "utf8");
  const deps = [];
  for (const m of src.matchAll(importRe)) {
    const spec = m[1] ?? m[2];
    if (spec.startsWith(".")) {
      const target = resolve(dirname(file), spec);
      deps.push(target);
      const targetPkg = relative(ROOT, target).split("/")[0];
      if (targetPkg !== pkg)
        problems.push(`${relative(ROOT, file)}: relative import reaches into ${targetPkg}/ (${spec})`);
    } else if (spec.startsWith("@mockroom/")) {
      const other = spec.split("/")[1];
      if (other !== pkg && !ALLOWED[pkg].includes(other))
        problems.push(`${relative(ROOT, file)}: ${pkg} may not import @mockroom/${other}`);
    }
  }
  graph.set(file, deps);
}

// Cycle detection over relative imports (depth-first, colouring).
const state = new Map();
const stack = [];
const visit = (f) => {
  state.set(f, 1);
  stack.push(f);
  for (const d of graph.get(f) ?? []) {
    if (!graph.has(d)) continue;
    if (state.get(d) === 1) {
      const cycle = stack
        .slice(stack.indexOf(d))
        .concat(d)
        .map((x) => relative(ROOT, x));
      problems.push(`import cycle: ${cycle.join(" -> ")}`);
    } else if (!state.has(d)) visit(d);
  }
  stack.pop();
  state.set(f, 2);
};
for (const f of graph.keys()) if (!state.has(f)) visit(f);

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`boundaries ok: ${files.length} files, no cycles, package graph respected`);
