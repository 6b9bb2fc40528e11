// A signal from outside while `cryobox boot` holds the host terminal: the mode
// is put back and the exit status is 128 + the signal's number, taken from the
// kernel's one list of signal names (kernel/signals-def.ts).
import { afterEach, describe, expect, it, vi } from "vitest";
import { HostTerminal } from "../../cli/host-terminal.js";

afterEach(() => vi.restoreAllMocks());

describe("host terminal signals", () => {
  for (const [sig, status] of [["SIGHUP", 129], ["SIGINT", 130], ["SIGQUIT", 131], ["SIGTERM", 143]] as const) {
    it(`${sig}: the terminal goes back to cooked and cryobox exits with ${status}`, () => {
      const modes: boolean[] = [];
      const input = { isTTY: true, isRaw: false, setRawMode: (m: boolean) => void modes.push(m) };
      const exit = vi.spyOn(process, "exit").mockImplementation((() => undefined) as never);
      const err = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
      const t = new HostTerminal(input);
      t.setRaw();
      process.emit(sig, sig);
      expect(exit).toHaveBeenCalledWith(status);
      expect(modes).toEqual([true, false]);
      expect(String(err.mock.calls[0]?.[0])).toContain(`${sig}, terminal restored`);
      t.restore(); // already released: no second mode change
      expect(modes).toEqual([true, false]);
    });
  }
});
