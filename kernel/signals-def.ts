// Signal numbers, sigaction flags and default actions (Linux generic values).

export const SIGHUP = 1;
export const SIGINT = 2;
export const SIGQUIT = 3;
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGABRT = 6;
export const SIGBUS = 7;
export const SIGFPE = 8;
export const SIGKILL = 9;
export const SIGUSR1 = 10;
export const SIGSEGV = 11;
export const SIGUSR2 = 12;
export const SIGPIPE = 13;
export const SIGALRM = 14;
export const SIGTERM = 15;
export const SIGCHLD = 17;
export const SIGCONT = 18;
export const SIGSTOP = 19;
export const SIGTSTP = 20;
export const SIGTTIN = 21;
export const SIGTTOU = 22;
export const SIGURG = 23;
export const SIGWINCH = 28;

export const SIG_DFL = 0;
export const SIG_IGN = 1;

export const SA_NOCLDSTOP = 0x1;
export const SA_NOCLDWAIT = 0x2;
export const SA_SIGINFO = 0x4;
export const SA_RESTORER = 0x04000000;
export const SA_ONSTACK = 0x08000000;
export const SA_RESTART = 0x10000000;
export const SA_NODEFER = 0x40000000;
export const SA_RESETHAND = 0x80000000;

/** Mask bit of a signal (1..32); 0 for real-time signals, which this kernel does not queue. */
export function sigbit(sig: number): number {
  return sig >= 1 && sig <= 32 ? (1 << (sig - 1)) >>> 0 : 0;
}

/** Signals that can never be caught, ignored or blocked. */
export const UNBLOCKABLE = (sigbit(SIGKILL) | sigbit(SIGSTOP)) >>> 0;

export type DefaultAction = "term" | "core" | "ign" | "stop" | "cont";

/** What SIG_DFL does for `sig` (POSIX table). */
export function defaultAction(sig: number): DefaultAction {
  switch (sig) {
    case SIGCHLD:
    case SIGURG:
    case SIGWINCH:
      return "ign";
    case SIGCONT:
      return "cont";
    case SIGSTOP:
    case SIGTSTP:
    case SIGTTIN:
    case SIGTTOU:
      return "stop";
    case SIGQUIT:
    case SIGILL:
    case SIGTRAP:
    case SIGABRT:
    case SIGBUS:
    case SIGFPE:
    case SIGSEGV:
      return "core";
    default:
      return "term";
  }
}

const NAMES: Record<number, string> = {
  1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS",
  8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE",
  14: "SIGALRM", 15: "SIGTERM", 17: "SIGCHLD", 18: "SIGCONT", 19: "SIGSTOP", 20: "SIGTSTP",
  21: "SIGTTIN", 22: "SIGTTOU", 23: "SIGURG", 28: "SIGWINCH",
};

/** "SIGSEGV", or "signal 40" for unnamed numbers. */
export function signalName(sig: number): string {
  return NAMES[sig] ?? `signal ${sig}`;
}

/** The number of a signal named `TERM`, `SIGTERM`, `sigterm` or `15`; null when it names none (0 is not a signal). */
export function signalNumber(name: string): number | null {
  if (/^[0-9]{1,2}$/.test(name)) {
    const n = Number(name);
    return n >= 1 && n < 65 ? n : null;
  }
  const up = name.toUpperCase();
  const full = up.startsWith("SIG") ? up : `SIG${up}`;
  for (const [num, nm] of Object.entries(NAMES)) if (nm === full) return Number(num);
  return null;
}
