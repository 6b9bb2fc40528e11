// What a translated page function returns to the dispatcher (the frame holds
// the pc and the retired count when it does).

export const Exit = {
  LEFT: 0, // control left the page (or fell off a block into one this page does not know)
  MISS: 1, // pc is not an entry of this translation
  TRAP: 2, // frame.cause / frame.tval hold the trap; pc is the trapping instruction
  CODE_WRITTEN: 3, // a store changed translated code; pc is the next instruction
  BUDGET: 4, // the next block is longer than what is left of the budget
  INTERPRET: 5, // the instruction at pc is one the translator leaves to the interpreter
} as const;
