// Preloaded into a measured process (`node --import ./bench/cpu-at-exit.mjs …`): at exit it
// writes the process's CPU time (user and system, ms) and its wall time since start to the
// file named by SHEPHERD_CPU_FILE, so a bench script can charge a child's CPU to its work.
import { writeFileSync } from 'node:fs';

const file = process.env.SHEPHERD_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    writeFileSync(
      file,
      JSON.stringify({
        userMs: cpu.user / 1000,
        systemMs: cpu.system / 1000,
        wallMs: performance.now(),
      }),
    );
  });
}
