// The assembler's one error class: a one-line message `FILE:LINE: what, quoting the text`.

/** A user error in assembly source; `message` is already `FILE:LINE: …`. */
export class AsmError extends Error {
  constructor(readonly file: string, readonly line: number, readonly detail: string) {
    super(`${file}:${line}: ${detail}`);
    this.name = "AsmError";
  }
}

/** A problem found while reading one statement; the assembler adds file and line. */
export class StatementError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StatementError";
  }
}
