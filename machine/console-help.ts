// `help COMMAND` at the operator console: what each command does, in a few
// lines. The one-line usages live with the parser (console-parse.ts USAGE);
// this file only adds the explanations.

/** A few lines per command, shown under its usage by `help COMMAND`. */
export const COMMAND_HELP: Record<string, string> = {
  send: "Type TEXT on terminal TTY at the current virtual time (C escapes: \\n \\r \\t \\xHH; \\x03 is Ctrl-C).",
  expect:
    "Run the machine until TEXT appears on TTY after the previous match, at most TICKS (default 1G = 10 virtual s).\nFails naming what the terminal last showed. Interactive: Ctrl-C stops the wait.",
  run: "Run TICKS of virtual time (100M = 1 virtual second; k, M, G and _ allowed); without TICKS, run until\nevery process waits for input (at most 10 virtual seconds). Interactive: Ctrl-C stops a long run.",
  "checkpoint-system": "Write a whole-system snapshot to FILE (replaced atomically; ~ is your home directory).",
  "restart-system": "Replace the running machine by the one saved in FILE (the current one is dropped).",
  mount: "Put the SIMH .tap reel REEL on tape drive UNIT (0, mt0, …); 'ro' mounts it read-only.",
  unmount: "Take the reel off drive UNIT (flushed to the host file).",
  ps: "List the processes: pid, parent, group, session, terminal, state, what it waits on, command.",
  show: "Show the terminals, pipes, tape drives or memory of the machine; 'show checkpoints': the periodic\ncheckpoints (boot --checkpoint-every): schedule, pauses, points kept.",
  migrate:
    "Send the running machine to a 'cryobox boot --incoming PORT' at HOST:PORT: pre-copy rounds while it runs,\na short stop-and-copy, then this box ends. On any failure the machine keeps running here (docs/checkpoints.md).",
  print: "Print everything terminal TTY displayed since this console attached.",
  kill: "Send SIGNAL (default TERM; -9, -KILL, -SIGKILL, -INT, …) to process PID, as kill(2) from outside.",
  crash: "Drop the machine without saving anything (as if the power failed). Then restart-system FILE, or quit.",
  halt: "Stop the machine and leave cryobox (nothing is saved: checkpoint-system first to keep it).",
  quit: "Leave cryobox. Interactively it asks first when the machine has run since the last checkpoint.",
  exit: "The same as quit.",
  help: "List the commands, or explain one (help run).",
  continue: "Go back to the machine (interactive only; Ctrl-E comes back here).",
};
