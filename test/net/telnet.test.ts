// The telnet server state machine: negotiation stripped, NAWS decoded,
// Enter as CR LF / CR NUL, escaping, and properties over random bytes.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { TelnetParser, telnetEscape } from "../../devices/net/telnet.js";

describe("telnet", () => {
  it("strips negotiation, decodes NAWS (also split across chunks), unescapes IAC IAC", () => {
    const t = new TelnetParser();
    const a = t.feed(new Uint8Array([104, 255, 251, 31, 255, 250, 31, 0]));
    const b = t.feed(new Uint8Array([80, 0, 24, 255, 240, 105, 255, 255]));
    expect([...a.data, ...b.data]).toEqual([104, 105, 255]);
    expect(b.sizes).toEqual([{ cols: 80, rows: 24 }]);
    expect(t.telnet).toBe(true);
  });

  it("Enter from a telnet client (CR LF, CR NUL) is one CR; a plain client's bytes pass unchanged", () => {
    const t = new TelnetParser();
    t.feed(new Uint8Array([255, 241])); // NOP: now it is telnet
    expect(new TextDecoder().decode(t.feed(new TextEncoder().encode("a\r\nb\r\0c\r")).data)).toBe("a\rb\rc\r");
    expect(new TextDecoder().decode(new TelnetParser().feed(new TextEncoder().encode("x\r\ny\n")).data)).toBe("x\r\ny\n");
  });

  it("oversized or malformed subnegotiations are dropped whole", () => {
    const t = new TelnetParser();
    const r = t.feed(new Uint8Array([255, 250, 31, ...new Array(100).fill(1), 255, 240, 65]));
    expect(r.sizes).toEqual([]);
    expect([...r.data]).toEqual([65]);
    expect(t.feed(new Uint8Array([255, 250, 31, 0, 80, 0, 24, 9, 255, 240])).sizes).toEqual([]); // 5 size bytes
  });

  it("property: without IAC, bytes from a plain client pass through exactly", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }).map((b) => b.filter((x) => x !== 255)), (b) => {
      expect(new TelnetParser().feed(b).data).toEqual(b);
    }));
  });

  it("property: escaping then parsing gives the data back, in any chunking; garbage never yields more bytes than it had", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.integer({ min: 1, max: 50 }), (b, chunk) => {
      const wire = telnetEscape(b);
      const t = new TelnetParser();
      const out: number[] = [];
      for (let i = 0; i < wire.length; i += chunk) out.push(...t.feed(wire.subarray(i, i + chunk)).data);
      if (!b.includes(13) || !t.telnet) expect(Uint8Array.from(out)).toEqual(b);
      const g = new TelnetParser().feed(b);
      expect(g.data.length).toBeLessThanOrEqual(b.length);
    }));
  });
});
