// The pipe against a simple queue model: random reads, writes (blocking and
// not, small and larger than PIPE_BUF) and closes; every result and the
// buffered bytes must match the model.

import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { pipeRead, pipeWrite } from "../../kernel/pipe.js";
import { isBlock } from "../../kernel/result.js";
import { PIPE_BUF, PIPE_SIZE } from "../../kernel/param.js";
import { CODE, bareKernel } from "./helpers.js";

type Op =
  | { op: "write"; len: number; nonblock: boolean }
  | { op: "read"; len: number; nonblock: boolean }
  | { op: "closeWriters" }
  | { op: "closeReaders" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant("write" as const), len: fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 6000 })), nonblock: fc.boolean() }) },
  { weight: 5, arbitrary: fc.record({ op: fc.constant("read" as const), len: fc.integer({ min: 0, max: 5000 }), nonblock: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ op: "closeWriters" as const }) },
  { weight: 1, arbitrary: fc.constant({ op: "closeReaders" as const }) },
);

describe("pipe", () => {
  it("behaves like a bounded queue", () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 60 }), (ops) => {
        const { k, p } = bareKernel();
        p.sigActions[13]!.handler = CODE; // p is pid 1, init: it gets only the signals it handles (Linux)
        const pipe = { id: 1, buf: new Uint8Array(0), readers: 1, writers: 1, fifo: 0 };
        k.state.pipes.set(1, pipe);
        const model: number[] = [];
        let counter = 0;
        for (const o of ops) {
          if (o.op === "closeWriters") pipe.writers = 0;
          else if (o.op === "closeReaders") pipe.readers = 0;
          else if (o.op === "write") {
            const data = Uint8Array.from({ length: o.len }, () => counter++ & 0xff);
            p.progress = 0;
            p.sigPending = 0;
            const r = pipeWrite(k, p, pipe, data, o.nonblock);
            const space = PIPE_SIZE - model.length;
            if (o.len === 0) {
              expect(r).toBe(0); // a null write succeeds, even with no reader (Linux)
              expect(p.sigPending).toBe(0);
            } else if (pipe.readers === 0) {
              expect(r).toBe(-32);
              expect(p.sigPending & (1 << 12)).not.toBe(0); // SIGPIPE
            }
            else if (o.len <= PIPE_BUF) {
              if (space >= o.len) {
                expect(r).toBe(o.len);
                model.push(...data);
              } else if (o.nonblock) expect(r).toBe(-11);
              else expect(isBlock(r)).toBe(true);
            } else {
              const n = Math.min(space, o.len);
              if (n === 0) {
                if (o.nonblock) expect(r).toBe(-11);
                else expect(isBlock(r)).toBe(true);
              } else if (o.nonblock) {
                expect(r).toBe(n);
                model.push(...data.subarray(0, n));
              } else {
                // a blocking big write moves what fits, records its progress and sleeps
                expect(isBlock(r)).toBe(true);
                expect(p.progress).toBe(n);
                model.push(...data.subarray(0, n));
              }
            }
          } else {
            const r = pipeRead(k, pipe, o.len, o.nonblock);
            if (model.length > 0) {
              const n = Math.min(o.len, model.length);
              expect(r).toEqual(Uint8Array.from(model.splice(0, n)));
            } else if (pipe.writers === 0 || o.len === 0) expect(r).toEqual(new Uint8Array(0));
            else if (o.nonblock) expect(r).toBe(-11);
            else expect(isBlock(r)).toBe(true);
          }
          expect([...pipe.buf]).toEqual(model);
          expect(pipe.buf.length).toBeLessThanOrEqual(PIPE_SIZE);
        }
      }),
      { numRuns: 200 },
    );
  });
});
