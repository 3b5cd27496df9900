// A CPU quota for one process, as a container's CPU limit (Kubernetes `limits.cpu`) gives each instance of a
// deployment. bench/instances.ts uses it so that instances add capacity the way separate machines do, instead of
// sharing this machine's two cores with each other, the load generator and PostgreSQL. Linux cgroups: v2 `cpu.max`
// where the root delegates the cpu controller, else v1 `cpu.cfs_quota_us`. Needs write access to /sys/fs/cgroup
// (root); without it `limitCpu` returns null and the bench says so.
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const PERIOD_US = 100_000;

/** Where CPU quotas are set on this machine, and how. */
function cpuHierarchy(): { dir: string; v2: boolean } | null {
  const v2 = "/sys/fs/cgroup/cgroup.subtree_control";
  if (existsSync(v2) && readFileSync(v2, "utf8").split(/\s+/).includes("cpu"))
    return { dir: "/sys/fs/cgroup", v2: true };
  if (existsSync("/sys/fs/cgroup/cpu/cpu.cfs_quota_us")) return { dir: "/sys/fs/cgroup/cpu", v2: false };
  return null;
}

/** Caps process `pid` at `share` of one core. Returns the function that removes the cap's group once the process
 *  has exited, or null when this machine does not let the bench set quotas. */
export function limitCpu(pid: number, share: number): (() => void) | null {
  const hierarchy = cpuHierarchy();
  if (hierarchy === null) return null;
  const group = path.join(hierarchy.dir, `kvalue-bench-${pid}`);
  const remove = () => {
    try {
      rmdirSync(group);
    } catch {
      // still has a process, or never made: nothing to undo
    }
  };
  const quota = String(Math.round(share * PERIOD_US));
  try {
    mkdirSync(group);
    if (hierarchy.v2) writeFileSync(path.join(group, "cpu.max"), `${quota} ${PERIOD_US}`);
    else {
      writeFileSync(path.join(group, "cpu.cfs_period_us"), String(PERIOD_US));
      writeFileSync(path.join(group, "cpu.cfs_quota_us"), quota);
    }
    writeFileSync(path.join(group, "cgroup.procs"), String(pid));
  } catch {
    remove();
    return null;
  }
  return remove;
}
