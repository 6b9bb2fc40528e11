// Random socket traffic from two processes plus random host events (bytes in,
// connections through a forward, resets, a restart) and the unix name's socket
// file coming and going: no host exception, the
// state stays declared, and every state the kernel reaches is one that restore
// accepts (Kernel.fromState's invariants) and round-trips byte for byte.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { assertConforms } from "../../state/index.js";
import { Kernel, KernelState } from "../../kernel/kernel.js";
import { checkpoint, restore } from "../../snapshot/index.js";
import { CONFIG, bareKernel, call, prepareForCalls, SCRATCH } from "../kernel/helpers.js";
import { inet, unix, NR, BUF } from "./helpers.js";
import { netDeliver, netIncoming, netPeerClosed, netPeerReset, netTake, setNetPorts, netConnected, netRefused } from "../../kernel/socket-outside.js";
import { restartNetwork } from "../../kernel/net-line.js";

const LONG = process.env.CRYOBOX_LONG === "1";
const opArb = fc.oneof(
  fc.record({ k: fc.constant("socket" as const), unix: fc.boolean(), nb: fc.boolean() }),
  fc.record({ k: fc.constant("pair" as const) }),
  fc.record({ k: fc.constantFrom("bind" as const, "connect" as const), fd: fc.integer({ min: 0, max: 12 }), port: fc.constantFrom(80, 81, 9000, 0), unix: fc.boolean() }),
  fc.record({ k: fc.constantFrom("listen" as const, "accept" as const, "close" as const, "shutdown" as const), fd: fc.integer({ min: 0, max: 12 }), n: fc.integer({ min: -1, max: 3 }) }),
  fc.record({ k: fc.constantFrom("send" as const, "recv" as const), fd: fc.integer({ min: 0, max: 12 }), n: fc.integer({ min: 0, max: 70000 }) }),
  fc.record({ k: fc.constantFrom("deliver" as const, "incoming" as const, "peerClosed" as const, "peerReset" as const, "take" as const, "connected" as const, "refused" as const), id: fc.integer({ min: 1, max: 12 }), n: fc.integer({ min: 0, max: 70000 }) }),
  fc.record({ k: fc.constant("restart" as const), hold: fc.boolean() }),
  fc.record({ k: fc.constant("ckpt" as const) }),
  fc.record({ k: fc.constant("swap" as const) }),
  fc.record({ k: fc.constant("unlink" as const) }), // the socket file of the unix name
);

describe("socket fuzz", () => {
  it("random socket calls and host events keep a valid, restorable state", () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        let { k, p } = bareKernel();
        const child = call(k, p, 220, 17, 0, 0, 0, 0) as number;
        setNetPorts(k, [{ kind: "allow", hostPort: 81, guestPort: 0 }, { kind: "forward", hostPort: 5000, guestPort: 9000 }]);
        let pid = 1;
        for (const op of ops) {
          p = k.state.procs.get(pid)!;
          prepareForCalls(k, p);
          switch (op.k) {
            case "socket": call(k, p, NR.socket, op.unix ? 1 : 2, 1 | (op.nb ? 0o4000 : 0), 0); break;
            case "pair": call(k, p, NR.socketpair, 1, 1 | 0o4000, 0, SCRATCH); break;
            case "bind": call(k, p, NR.bind, op.fd, ...(op.unix ? unix(k, p, "/tmp/s") : inet(k, p, op.port))); break;
            case "connect": call(k, p, NR.connect, op.fd, ...(op.unix ? unix(k, p, "/tmp/s") : inet(k, p, op.port))); break;
            case "listen": call(k, p, NR.listen, op.fd, op.n); break;
            case "accept": call(k, p, NR.accept4, op.fd, 0, 0, 0o4000); break;
            case "close": call(k, p, NR.close, op.fd); break;
            case "shutdown": call(k, p, NR.shutdown, op.fd, op.n); break;
            case "send": call(k, p, NR.sendto, op.fd, BUF, Math.min(op.n, 0x8000), 0x4040, 0, 0); break;
            case "recv": call(k, p, NR.recvfrom, op.fd, BUF, Math.min(op.n, 0x8000), 0x40, 0, 0); break;
            case "deliver": netDeliver(k, op.id, new Uint8Array(op.n)); break;
            case "incoming": netIncoming(k, 9000, 5000, op.n & 0xffff); break;
            case "peerClosed": netPeerClosed(k, op.id); break;
            case "peerReset": netPeerReset(k, op.id); break;
            case "take": netTake(k, op.id); break;
            case "connected": netConnected(k, op.id); break;
            case "refused": netRefused(k, op.id); break;
            case "restart": restartNetwork(k, op.hold ? "hold" : "hangup"); break;
            case "ckpt": {
              const bytes = checkpoint(k);
              k = restore(bytes).kernel;
              expect(checkpoint(k)).toEqual(bytes);
              break;
            }
            case "swap": pid = pid === 1 ? child : 1; break;
            case "unlink": call(k, p, 35, -100, "/tmp/s", 0); break;
          }
          // A blocked call leaves the process asleep: wake it for the next call (the state stays valid either way).
          assertConforms(KernelState, k.state);
          Kernel.fromState(CONFIG, k.state);
        }
      }),
      { numRuns: LONG ? 2000 : 40 },
    );
  });
});

describe("forged network tables", () => {
  it("restore refuses lines on tty0 or out of order, dangling peers and oversized buffers, naming the field", () => {
    const { k } = bareKernel();
    const cases: [(s: KernelState) => void, RegExp][] = [
      [(s) => s.netLines.push({ tty: 0, peer: "x", token: "t", held: true }), /netLines\[0\]\.tty/],
      [(s) => s.netLines.push({ tty: 1, peer: "x", token: "t".repeat(100), held: true }), /netLines\[0\]/],
      [(s) => s.sockets.set(3, { ...blank(3), peer: 9 }), /sockets\[3\]\.peer/],
      [(s) => s.sockets.set(3, { ...blank(3), rx: new Uint8Array(70000) }), /sockets\[3\]\.rx/],
      [(s) => {
        s.sockets.set(3, { ...blank(3), domain: "unix", ino: s.rootIno }); // a directory (its count right, so the socket is what is wrong)
        s.inodes.get(s.rootIno)!.opens++;
      }, /sockets\[3\]\.ino.*not a socket file/],
      [(s) => s.sockets.set(3, { ...blank(3), ino: 4242 }), /sockets\[3\]\.ino/],
    ];
    for (const [forge, where] of cases) {
      const bytes = checkpoint(k);
      const { kernel } = restore(bytes);
      forge(kernel.state);
      expect(() => restore(checkpoint(kernel))).toThrow(where);
    }
  });
});

function blank(id: number): KernelState["sockets"] extends Map<number, infer S> ? S : never {
  return {
    id, domain: "inet", state: "listening", refs: 0, port: 80, path: "", ino: 0, peer: -1, peerPort: 0, peerPath: "", rx: new Uint8Array(0),
    rxShut: false, txShut: false, error: 0, backlog: [], backlogMax: 1, outside: "no", hostPort: 0, tx: new Uint8Array(0), options: 0,
    rcvbuf: 0, sndbuf: 0,
  };
}
