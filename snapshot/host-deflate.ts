// The "deflate" page codec on Node: raw deflate (RFC 1951) through node:zlib,
// the format browsers' CompressionStream("deflate-raw") also speaks. Importing
// this file registers it (cli/ and the Node entry point do); the core never
// imports node:zlib. Host-side file.

import { constants, deflateRawSync, inflateRawSync } from "node:zlib";
import { CodecError, type PageCodec, registerCodec } from "./compress.js";

/** Level 1: the figures in docs/checkpoints.md show higher levels cost far more time for little size. */
export const DEFLATE_CODEC: PageCodec = {
  name: "deflate",
  compress: (data) => {
    const z = deflateRawSync(data, { level: 1 });
    return new Uint8Array(z.buffer, z.byteOffset, z.byteLength);
  },
  decompress: (data, size) => {
    let out: Buffer;
    try {
      // maxOutputLength bounds what a forged stream can make the host allocate.
      out = inflateRawSync(data, { maxOutputLength: Math.max(1, size), finishFlush: constants.Z_SYNC_FLUSH });
    } catch (e) {
      throw new CodecError((e as Error).message);
    }
    if (out.length !== size) throw new CodecError(`${out.length} bytes instead of ${size}`);
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
};

registerCodec(DEFLATE_CODEC);
