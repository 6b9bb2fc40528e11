// The host terminal while `cryobox boot` runs interactively: raw mode on the
// host side (the guest's line discipline does the cooking), cooked mode for
// the operator console, and the original mode restored on every exit path —
// normal return, `halt`, an exception in the emulator, SIGINT/SIGTERM/SIGHUP.

/** The part of a readable stream we need (process.stdin or a test double). */
export interface HostInput {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
const SIGNUM: Record<(typeof SIGNALS)[number], number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

export class HostTerminal {
  private wasRaw = false;
  private raw = false;
  private released = false;
  private readonly onExit = (): void => this.restore();
  private readonly onSignal = (sig: NodeJS.Signals): void => {
    this.restore();
    process.stderr.write(`\ncryobox: ${sig}, terminal restored\n`);
    process.exit(128 + (SIGNUM[sig as (typeof SIGNALS)[number]] ?? 0));
  };
  private readonly onUncaught = (e: unknown): void => {
    this.restore();
    process.stderr.write(`cryobox: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(70);
  };

  /** Take over `input`: remember its mode and install the restore hooks. */
  constructor(private readonly input: HostInput) {
    this.wasRaw = false;
    process.on("exit", this.onExit);
    for (const s of SIGNALS) process.on(s, this.onSignal);
    process.on("uncaughtException", this.onUncaught);
  }

  /** True when the input is a real terminal (raw mode is meaningful). */
  get isTTY(): boolean {
    return this.input.isTTY === true && typeof this.input.setRawMode === "function";
  }

  /** Raw mode: every key reaches the guest at once, unechoed by the host. */
  setRaw(): void {
    if (this.isTTY && !this.raw) this.input.setRawMode!(true);
    this.raw = true;
  }

  /** Cooked mode: the host terminal edits lines (operator console). */
  setCooked(): void {
    if (this.isTTY && this.raw) this.input.setRawMode!(false);
    this.raw = false;
  }

  /** Put the terminal back as it was and remove the hooks; safe to call more than once. */
  restore(): void {
    if (this.released) return;
    this.released = true;
    if (this.isTTY) this.input.setRawMode!(this.wasRaw);
    process.off("exit", this.onExit);
    for (const s of SIGNALS) process.off(s, this.onSignal);
    process.off("uncaughtException", this.onUncaught);
  }
}
