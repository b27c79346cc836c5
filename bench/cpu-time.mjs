// CPU time spent by each process taking part in a scenario, read from /proc (Linux). On a small machine every
// process competes for the same cores, so CPU milliseconds per delivery say where the capacity goes, and they
// are steadier from run to run than throughput is.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime (+ reaped children's) in ms, or null where /proc cannot tell. */
function cpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "pid (comm) ": state is field 3, utime 14, stime 15, cutime 16, cstime 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Every PostgreSQL process on this machine: the bench's database server is one of them (the others idle). */
function databaseCpuMs() {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue; // gone meanwhile
    }
    total += cpuMs(entry) ?? 0;
  }
  return total;
}

/**
 * Starts counting for the service processes (`pids`), the receiver and the database; `perDelivery(n)` gives the
 * CPU ms each used per delivery since. The load generator is this process.
 */
export function startCpuAccount({ servicePids, receiverPid }) {
  if (!existsSync('/proc/self/stat')) return { perDelivery: () => null };
  const sum = (pids) => pids.reduce((total, pid) => total + (cpuMs(pid) ?? 0), 0);
  const read = () => ({
    service: sum(servicePids),
    database: databaseCpuMs(),
    receiver: cpuMs(receiverPid) ?? 0,
    loadGenerator: cpuMs(process.pid) ?? 0,
  });
  const start = read();
  return {
    perDelivery(deliveries) {
      const end = read();
      const per = (key) => Math.round(((end[key] - start[key]) / Math.max(1, deliveries)) * 1000) / 1000;
      const figures = { service: per('service'), database: per('database'), receiver: per('receiver'), load_generator: per('loadGenerator') };
      return { ...figures, all: Math.round((figures.service + figures.database + figures.receiver + figures.load_generator) * 1000) / 1000 };
    },
  };
}
