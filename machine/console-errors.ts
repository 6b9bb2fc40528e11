// Which failures are the operator's and which are cryobox's. A console command
// fails for the operator (a bad file, a bad argument, a damaged snapshot) with
// a one-line message; an exception of a JavaScript built-in class (TypeError,
// RangeError, …) escaping the machine is a bug in cryobox and must say so,
// with its stack available behind a flag, never blamed on the operator.

/** A mistake of the operator (wrong argument, a machine that is stopped, …): one line, no stack. */
export class OperatorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OperatorError";
  }
}

const BUILT_IN: readonly (new (...a: never[]) => Error)[] = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

/**
 * True when `e` is a bug in cryobox: not an Error at all, or an instance of a built-in error class
 * (the machine's own failures are typed classes, and plain `Error`s carry host helpers' one-line messages).
 */
export function isCryoboxBug(e: unknown): boolean {
  if (!(e instanceof Error)) return true;
  if ((e as { code?: unknown }).code !== undefined && typeof (e as { code?: unknown }).code === "string") return false; // a host system error
  return BUILT_IN.some((C) => e.constructor === C);
}

/** The one line an operator sees for a bug (the stack goes to a debug flag). */
export function bugMessage(e: unknown): string {
  const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return `internal error (a bug in cryobox, not in your command or files): ${what.replace(/\s*\n\s*/g, " ")}`;
}
