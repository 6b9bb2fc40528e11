// The machine layer's half of job checkpoint/restart: it installs the job
// snapshot code (snapshot/job*.ts) on every kernel it builds, as the
// JobService the kernel's chkpnt/restart system calls use (kernel/job-service.ts
// explains why the kernel cannot import it itself), and gives the operator
// console and the library the same operations on host files.

import type { Kernel } from "../kernel/kernel.js";
import { type JobSelector, type JobService, type RestartOptions, type RestartResult, setJobService } from "../kernel/job-service.js";
import { checkpointJob } from "../snapshot/job.js";
import { restartJob } from "../snapshot/job-restore.js";

/** The job snapshot code as the kernel sees it. */
export const JOB_SERVICE: JobService = {
  checkpoint: (k, sel) => checkpointJob(k, sel),
  restart: (k, bytes, opts) => restartJob(k, bytes, opts),
};

/** Give `k` its job service (Machine does this for every kernel it boots or restores). */
export function installJobs(k: Kernel): void {
  setJobService(k, JOB_SERVICE);
}

export type { JobSelector, RestartOptions, RestartResult };
export { JobError } from "../kernel/job-service.js";
