// The TCP side of the gdb stub (gdb-stub.ts): `target remote :PORT` from gdb
// (gdb-multiarch). One client at a time; acknowledgements as the protocol
// wants; bad checksums are NAKed; a flood is bounded (PacketReader).

import { createServer, type Server, type Socket } from "node:net";
import { GdbSession, PacketReader, frame } from "./gdb-stub.js";
import type { Timeline } from "./timeline.js";

export interface GdbServer {
  /** the port listened on (useful when 0 asked for any free port) */
  port: number;
  /** resolves when the session ends (gdb detached, killed, or the process exited) */
  finished: Promise<void>;
  close(): void;
}

/** Serve the process `pid` of the timeline's machine to gdb on `host:port`. */
export function serveGdb(timeline: Timeline, pid: number, port: number, host = "127.0.0.1"): Promise<GdbServer> {
  const session = new GdbSession(timeline, pid);
  let finish!: () => void;
  const finished = new Promise<void>((r) => (finish = r));
  let busy: Socket | null = null;
  const server: Server = createServer((sock) => {
    if (busy) {
      sock.end();
      return;
    }
    busy = sock;
    sock.setNoDelay(true);
    const reader = new PacketReader();
    sock.on("data", (data) => {
      for (const item of reader.feed(data.toString("latin1"))) {
        if ("bad" in item) {
          sock.write("-");
          continue;
        }
        if ("interrupt" in item) {
          sock.write(frame("S02"));
          continue;
        }
        sock.write("+");
        let reply: string | null;
        try {
          reply = session.handle(item.packet);
        } catch (e) {
          reply = "E01";
          process.stderr.write(`cryobox gdb: bug in cryobox while handling ${JSON.stringify(item.packet.slice(0, 40))}: ${(e as Error).message}\n`);
        }
        if (reply !== null) sock.write(frame(reply), "latin1");
        if (session.done) {
          sock.end();
          server.close();
          finish();
          return;
        }
      }
    });
    sock.on("error", () => {});
    sock.on("close", () => {
      busy = null;
      if (session.done) finish();
    });
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const addr = server.address();
      resolve({
        port: typeof addr === "object" && addr ? addr.port : port,
        finished,
        close: () => {
          server.close();
          finish();
        },
      });
    });
  });
}

/** The console's `gdb PORT PID` (interactive sessions): start serving, report the outcome on stderr when known. */
export function startGdbForConsole(timeline: Timeline, pid: number, port: number): string {
  serveGdb(timeline, pid, port).then(
    (s) => process.stderr.write(`\r\ngdb: listening on 127.0.0.1:${s.port} for process ${pid}\r\n`),
    (e: Error) => process.stderr.write(`\r\ngdb: cannot listen on port ${port}: ${e.message}\r\n`),
  );
  return `gdb: serving process ${pid} on 127.0.0.1:${port} (in gdb: target remote :${port}); the machine waits here while gdb drives it`;
}
