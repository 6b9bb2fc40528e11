// The translator's loads and stores: JavaScript for one guest memory access,
// with a per-site page cache in front of the software TLB inside loops.
//
// Inside a copied loop (translate.ts), each load or store instruction (a
// "site") keeps in two locals the base address of the page it last used and
// that page's typed-array view. A hit is one mask and one compare — the mask
// keeps the page number and the address bits the access needs aligned, so the
// compare checks alignment too — then one typed-array access; the TLB path
// costs a shift, an array load, a compare, an alignment test and an
// array-of-views load more. A miss goes through the TLB as everywhere else,
// and on a TLB miss, a fault or a misaligned access through the slow path
// (`ld`/`st`, cpu/access.ts), so traps, misaligned-access emulation,
// code-page detection and dirty marking are exactly the interpreter's.
//
// Why a cached view stays right: nothing that changes which page object backs
// a vpn runs inside a page function's call except a slow-path store's first
// write to a page (a fresh page in place of the zero page, a private copy of a
// copy-on-write page); mapping, protection, clearDirty, fork and translating a
// page (which makes it a code page) all happen between calls. So:
//  - a store site caches the page of a store-TLB hit: a store entry is only
//    ever filled for a private, writable page that holds no translated code,
//    marked dirty when filled (CpuCache.fillWrite), and it stays so;
//  - a load site caches the page of a load-TLB hit, and every store slow path
//    (`st`) inside the loop forgets the pages of all the loop's load sites.
// The locals are declared just before each outermost copied loop (scopeSites)
// with a tag no address matches, so they live for one run of the loop; outside
// loops the cache code is cut out (locals live across a whole page function
// made V8's optimising compile of a page half as long again).

import { type Decoded, Op } from "../decode.js";

/** Per access width: the TLB view arrays, the element index, the mask that keeps page and alignment bits. */
const WIDTH = {
  4: { r: "rI32", w: "wI32", idx: "(a & 4095) >> 2", mask: -4093, kind: "32" },
  2: { r: "rI16", w: "wI16", idx: "(a & 4095) >> 1", mask: -4095, kind: "16" },
  1: { r: "rU8", w: "wU8", idx: "a & 4095", mask: -4096, kind: "8" },
} as const;

/** A tag no masked address equals (no width's mask keeps bit 11). */
const NO_PAGE = 2048;

/** Markers around a site's cache code, which scopeSites cuts out where the site has no locals. */
const OPEN = "/*<*/";
const CLOSE = "/*>*/";
const CACHED = /\/\*<\*\/.*?\/\*>\*\//gs;
/** Where a store's slow path forgets the pages of its loop's load sites (see scopeSites). */
const RESET = "/*reset*/";
/** The head of a copied loop (translate.ts renders each as `S<n>: for (;;) {`). */
const LOOP = /\bS\d+: for \(;;\) \{/g;
/** A site's view local: `m<R|W><width>_<page offset of the instruction>`. */
const SITE = /\bm([RW])(32|16|8)_(\d+)\b/g;
const LOAD_SITE = /\bmR(32|16|8)_(\d+)\b/g;

/**
 * A page function's cases (`body`) with site caches only inside copied loops: each outermost
 * loop gets the locals of its sites declared right before it (in a block with it), and code
 * outside loops keeps the TLB path alone. Relies on the generated code having no braces in
 * strings or comments.
 */
export function scopeSites(body: string): string {
  const out: string[] = [];
  let pos = 0;
  const loops = new RegExp(LOOP);
  for (let m = loops.exec(body); m !== null; m = loops.exec(body)) {
    let depth = 0;
    let end = m.index + m[0].length - 1; // its `{`
    for (; end < body.length; end++) {
      const ch = body.charCodeAt(end);
      if (ch === 123) depth++;
      else if (ch === 125 && --depth === 0) break;
    }
    const loads = new Set<string>();
    for (const [, kind, off] of body.slice(m.index, end + 1).matchAll(LOAD_SITE)) loads.add(`kR${kind}_${off}`);
    const reset = loads.size === 0 ? "" : `${[...loads].join(" = ")} = ${NO_PAGE};`;
    const loop = body.slice(m.index, end + 1).replaceAll(RESET, reset);
    const locals = siteLocals(loop);
    out.push(body.slice(pos, m.index).replace(CACHED, ""), locals === "" ? loop : `{ ${locals}\n${loop} }`);
    pos = end + 1;
    loops.lastIndex = pos;
  }
  out.push(body.slice(pos).replace(CACHED, ""));
  return out.join("");
}

/**
 * The declaration of the locals of the sites in `code`: each site's tag `k…` (NO_PAGE) and view
 * `m…`, which starts as some view of the right type so that V8 sees one type for it.
 */
function siteLocals(code: string): string {
  const seen = new Map<string, string>();
  for (const [name, rw, kind, off] of code.matchAll(SITE)) {
    if (seen.has(name)) continue;
    const views = kind === "32" ? "rI32" : kind === "16" ? "rI16" : "rU8";
    seen.set(name, `k${rw}${kind}_${off} = ${NO_PAGE}, ${name} = ${views}[0]`);
  }
  return seen.size === 0 ? "" : `let ${[...seen.values()].join(", ")};`;
}

/**
 * A load of `size` bytes at `base + imm` (the instruction `d` at `pc`); `set(v)` writes the
 * value (nothing for x0: the access and its trap still happen), `trap` leaves with the fault.
 */
export function emitLoad(d: Decoded, pc: number, size: 1 | 2 | 4, base: string, set: (v: string) => string, trap: string): string {
  const w = WIDTH[size];
  const signed = d.op === Op.LB || d.op === Op.LH || d.op === Op.LW;
  const ext = (el: string): string =>
    size === 1 ? (signed ? `(${el} << 24) >> 24` : el) : size === 2 && !signed ? `${el} & 65535` : el;
  const view = `mR${w.kind}_${pc & 4095}`;
  const tag = `kR${w.kind}_${pc & 4095}`;
  const align = size === 1 ? "" : ` && (a & ${size - 1}) === 0`;
  return `{ const a = (${base} + ${d.imm}) | 0;
${OPEN}if ((a & ${w.mask}) === ${tag}) { ${set(ext(`${view}[${w.idx}]`))} } else ${CLOSE}{ const p = a >>> 12, i = p & 255;
if (rTag[i] === p${align}) { ${set(ext(`${w.r}[i][${w.idx}]`))} ${OPEN}${tag} = a & -4096; ${view} = ${w.r}[i];${CLOSE} }
else { if (!ld(s, a, ${size}, ${signed})) ${trap} ${set("s.v")} } } }`;
}

/** A store of the low `size` bytes of `v` at `base + imm`; `stored` handles what `st` returned (in `w`). */
export function emitStore(d: Decoded, pc: number, size: 1 | 2 | 4, base: string, v: string, stored: string): string {
  const w = WIDTH[size];
  const view = `mW${w.kind}_${pc & 4095}`;
  const tag = `kW${w.kind}_${pc & 4095}`;
  const align = size === 1 ? "" : ` && (a & ${size - 1}) === 0`;
  return `{ const a = (${base} + ${d.imm}) | 0;
${OPEN}if ((a & ${w.mask}) === ${tag}) ${view}[${w.idx}] = ${v}; else ${CLOSE}{ const p = a >>> 12, i = p & 255;
if (wTag[i] === p${align}) { ${w.w}[i][${w.idx}] = ${v}; ${OPEN}${tag} = a & -4096; ${view} = ${w.w}[i];${CLOSE} }
else { const w = st(s, a, ${size}, ${v}); ${OPEN}${RESET}${CLOSE} ${stored} } } }`;
}
