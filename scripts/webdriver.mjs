// What the measuring scripts share: a bare WebDriver client over Node's fetch, the kernel's
// uptime clock, and the newest process of a binary with its start on that clock.

import { execSync } from "node:child_process";
import { readFileSync, readdirSync, readlinkSync } from "node:fs";

const server = (process.env.WEBDRIVER_URL ?? "http://127.0.0.1:4444/").replace(/\/$/, "");

/** Clock ticks per second of /proc's times. */
export const TICKS = Number(execSync("getconf CLK_TCK").toString().trim());

/** One WebDriver call; its `value`, or an error naming the call. */
export async function wd(method, path, body) {
  const res = await fetch(server + path, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json.value ?? json)}`);
  return json.value;
}

/** Seconds since boot (CLOCK_BOOTTIME, 10 ms ticks), the clock of /proc's process start times. */
export const uptime = () => Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);

/** The fields of /proc/PID/stat after the command name. */
export function stat(pid) {
  const s = readFileSync(`/proc/${pid}/stat`, "utf8");
  return s.slice(s.lastIndexOf(")") + 2).split(" ");
}

/** The newest process whose executable is `exe`, with its start in seconds of uptime. */
export function newestProcess(exe) {
  let best = null;
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readlinkSync(`/proc/${d}/exe`) !== exe) continue;
      const start = Number(stat(d)[19]) / TICKS; // field 22 of stat: starttime, in clock ticks
      if (!best || start > best.start) best = { pid: Number(d), start };
    } catch {
      // a process that ended while we looked, or one we may not read
    }
  }
  return best;
}
