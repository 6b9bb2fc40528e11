// Text that came out of a snapshot is hostile: process names, argv, paths,
// wait channels, reel paths and terminal names are whatever the file (or a
// guest, through its argv) says. Printed verbatim, an escape sequence clears
// the operator's screen, moves the cursor or forges a table row. Everything
// printed from a snapshot — inspect and diff text, refusal messages, the
// console's ps/show — passes through safeText; inspect/diff --json through
// safeJson. One helper, so the rule is the same everywhere.
//
// Escaped: C0 controls (including newline and tab), DEL, C1 controls (U+0080–
// U+009F: an 8-bit CSI is U+009B), the Unicode line/paragraph separators, the
// bidirectional overrides and isolates (which reorder what a reader sees) and
// the BOM. They become `\xHH` or `\uHHHH`. Backslash itself is left alone: the
// aim is a terminal that cannot be driven, not a reversible encoding.

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

const UNSAFE_IN_JSON = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

function escapeChar(c: string): string {
  const n = c.charCodeAt(0);
  return n <= 0xff ? `\\x${n.toString(16).padStart(2, "0")}` : `\\u${n.toString(16).padStart(4, "0")}`;
}

/** `s` with every character that could drive a terminal written as `\xHH` / `\uHHHH`. */
export function safeText(s: string): string {
  return s.replace(UNSAFE, escapeChar);
}

/**
 * JSON text (from JSON.stringify) safe for a terminal and still the same JSON
 * value: JSON.stringify escapes C0 controls but leaves DEL, C1 controls and
 * the Unicode format characters raw; here they become `\uHHHH` escapes.
 */
export function safeJson(json: string): string {
  // C0 controls are already escaped inside JSON strings; outside them they are the layout's newlines.
  return json.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
