// The host terminal while `cryobox boot` runs interactively: raw mode on the
// host side (the guest's line discipline, or the console's line editor, does
// the cooking), and the original mode restored on every exit path — normal
// return, `halt`, an exception in the emulator, SIGINT/SIGTERM/SIGHUP/SIGQUIT
// sent from outside (in raw mode the keys ^C and ^\ reach the guest instead).

import { signalNumber } from "../kernel/signals-def.js";

/** The part of a readable stream we need (process.stdin or a test double). */
export interface HostInput {
  isTTY?: boolean;
  isRaw?: boolean;
  setRawMode?(mode: boolean): unknown;
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"] as const;

export class HostTerminal {
  /** The mode the terminal was in when we took it over (what restore() puts back). */
  private readonly wasRaw: boolean;
  private raw = false;
  private released = false;
  private readonly onExit = (): void => this.restore();
  private readonly onSignal = (sig: NodeJS.Signals): void => {
    this.restore();
    process.stderr.write(`\ncryobox: ${sig}, terminal restored\n`);
    process.exit(128 + (signalNumber(sig) ?? 0)); // the shell convention; the numbers are the one list in kernel/signals-def.ts
  };
  private readonly onUncaught = (e: unknown): void => {
    this.restore();
    process.stderr.write(`cryobox: internal error (a bug in cryobox): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(70);
  };

  /** Take over `input`: remember its mode and install the restore hooks. */
  constructor(private readonly input: HostInput) {
    this.wasRaw = input.isRaw === true;
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

  /** Cooked mode: the host terminal edits lines. */
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
