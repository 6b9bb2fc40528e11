// The seam between the kernel and the job snapshot code (docs/jobs.md,
// "Layering"). The kernel must not import snapshot/ (layers go downwards),
// yet the chkpnt/restart system calls need the job-snapshot encoder and the
// restart logic, which live in snapshot/. So the kernel declares this
// interface and the machine layer installs an implementation on each Kernel
// it builds (boot and restore), as a device driver is attached: a transient,
// never state. A kernel without one (runSingleProcess) answers ENOSYS.

import type { Kernel } from "./kernel.js";

/** What to checkpoint: a process and its descendants, a job (session), or the caller itself. */
export interface JobSelector {
  kind: "process" | "job" | "self";
  /** the pid (process, self) or the job id = session id (job) */
  id: number;
  /** the pid asking (left out of the job unless kind is "self"), 0 = the operator console */
  caller: number;
  /** cut pipes to processes outside the job instead of refusing */
  cut: boolean;
  /** an fd of the caller left out of the job (the checkpoint file being written), −1 = none */
  skipFd?: number;
}

export interface RestartOptions {
  /** give taken pids, groups and sessions fresh numbers instead of refusing */
  renumber: boolean;
  /** attach the job to this terminal (−1: keep its own, refusing when another session holds it) */
  attach: number;
  /** the restarting process: the job's roots become its children (1 = init, from the console) */
  parent: number;
  /** replace tmpfs files changed since the checkpoint with the saved contents instead of refusing */
  replaceFiles?: boolean;
}

export interface RestartResult {
  /** old pid → new pid for every process of the job */
  pids: Map<number, number>;
  /** the job's roots (new pids), ascending by old pid */
  roots: number[];
  kind: string;
  id: number;
}

/** A refused job checkpoint or restart: a one-line reason and the errno a guest gets. */
export class JobError extends Error {
  constructor(
    message: string,
    readonly errno: number,
  ) {
    super(message);
    this.name = "JobError";
  }
}

/** The job snapshot code, as the kernel calls it. Both throw JobError when refused (nothing changed). */
export interface JobService {
  checkpoint(k: Kernel, sel: JobSelector): Uint8Array;
  restart(k: Kernel, bytes: Uint8Array, opts: RestartOptions): RestartResult;
}

/** Transient: the service installed on each kernel (a WeakMap, so it is never part of the Kernel object). */
const services = new WeakMap<Kernel, JobService>();

/** Install the job service on `k` (the machine layer does this for every kernel it builds). */
export function setJobService(k: Kernel, svc: JobService): void {
  services.set(k, svc);
}

/** The service installed on `k`, or null. */
export function jobService(k: Kernel): JobService | null {
  return services.get(k) ?? null;
}
