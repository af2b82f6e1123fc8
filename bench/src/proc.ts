import { readdirSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import type { ChildProcess } from "node:child_process";

/** Kernel clock ticks per second for /proc/<pid>/stat times; 100 on every Linux we target. */
const CLOCK_TICKS_PER_S = 100;

/**
 * CPU time of every live thread of a process in microseconds, from each thread's schedstat
 * (nanoseconds). /proc/<pid>/stat counts in 10 ms clock ticks, which at the smoke run's 30 edits
 * made a bare relay's CPU per edit read 0 or 333 µs at random; at R = 500 both agree within a
 * tick. Falls back to /proc/<pid>/stat where schedstat is missing.
 */
export const cpuMicros = (pid: number): number => {
  let us = 0;
  for (const t of cpuByThread(pid).values()) us += t;
  if (Number.isFinite(us) && us > 0) return us;
  const { user, system } = cpuSplitMicros(pid);
  return user + system;
};

/** CPU of each live thread of `pid` in µs, by thread id, from schedstat (empty where there is none). */
export const cpuByThread = (pid: number): Map<number, number> => {
  const out = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      out.set(Number(tid), Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]) / 1000);
    } catch {
      // The thread exited between the listing and the read, or the kernel keeps no schedstat.
    }
  }
  return out;
};

/** User and kernel CPU of every thread of `pid`, in µs: the kernel share is mostly socket syscalls. */
export const cpuSplitMicros = (pid: number): { user: number; system: number } => {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // The command name (field 2) may contain spaces; fields after its closing paren are fixed.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const tick = 1_000_000 / CLOCK_TICKS_PER_S;
  return { user: Number(fields[11]) * tick, system: Number(fields[12]) * tick };
};

/** Current and peak resident set size in bytes, from /proc/<pid>/status. */
export const rssBytes = (pid: number): { rss: number; peak: number; anon: number; file: number; shmem: number } => {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN) * 1024;
  // Anonymous memory is the process's own; file and shared pages (e.g. SQLite's WAL index) are mapped files.
  return { rss: kb("VmRSS"), peak: kb("VmHWM"), anon: kb("RssAnon"), file: kb("RssFile"), shmem: kb("RssShmem") };
};

/** POSTs JSON to the server under test and returns its JSON answer (parsed by the caller's schema). */
export const postJson = async (url: string, body: unknown): Promise<unknown> => {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
};

export const freePort = (): Promise<number> =>
  new Promise((res, rej) => {
    const srv = createServer();
    srv.once("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves when the child prints `marker`; rejects on exit or after `timeoutMs`. */
export const waitForOutput = (child: ChildProcess, marker: string, timeoutMs: number): Promise<string> =>
  new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(
      () => done(new Error(`no "${marker}" within ${timeoutMs} ms: ${out.slice(-2000)}`)),
      timeoutMs,
    );
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes(marker)) done(null);
    };
    const onExit = (code: number | null) =>
      done(new Error(`process exited (${code}) before "${marker}": ${out.slice(-2000)}`));
    const done = (err: Error | null) => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.stderr?.off("data", onData);
      child.off("exit", onExit);
      if (err) reject(err);
      else resolve(out);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
  });

/** Sends an IPC request and waits for the reply with the same id. */
let nextRequestId = 1;
export const ipcRequest = <T extends { id: number }>(
  child: ChildProcess,
  msg: Record<string, unknown>,
  replyType: string,
  timeoutMs: number,
): Promise<T> =>
  new Promise((resolve, reject) => {
    const id = nextRequestId++;
    const timer = setTimeout(() => {
      child.off("message", onMsg);
      reject(new Error(`no ${replyType} reply within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMsg = (m: { type?: string; id?: number }) => {
      if (m?.type !== replyType || m.id !== id) return;
      clearTimeout(timer);
      child.off("message", onMsg);
      resolve(m as T);
    };
    child.on("message", onMsg);
    child.send({ ...msg, id });
  });

/** Waits for the next IPC message of `type` from the child. */
export const ipcNext = <T>(child: ChildProcess, type: string, timeoutMs: number): Promise<T> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no ${type} message within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMsg = (m: { type?: string; message?: string }) => {
      if (m?.type === "error") {
        cleanup();
        reject(new Error(`child failed: ${m.message}`));
      } else if (m?.type === type) {
        cleanup();
        resolve(m as T);
      }
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`child exited (${code}) while waiting for ${type}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      child.off("message", onMsg);
      child.off("exit", onExit);
    };
    child.on("message", onMsg);
    child.once("exit", onExit);
  });

export const waitExit = (child: ChildProcess, timeoutMs: number): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
    }, timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
  });
