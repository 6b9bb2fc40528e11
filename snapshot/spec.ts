// What a whole-system snapshot holds: the machine configuration and the
// kernel's declared state, with the version table of its sections. Kept apart
// from checkpoint.ts (which needs the Kernel class) so the schema lock and the
// decoders can be used on their own.

import { KernelState } from "../kernel/state.js";
import { describeSchema, t } from "../state/index.js";
import { HeaderSchema, FORMAT_VERSION } from "./format.js";
import { PAGE_STORE, PAGE_STORE_LAYOUT, PAGE_STORE_VERSION } from "./pages.js";
import { type SnapshotSpec, specSections } from "./snapshot.js";
import { KERNEL_SECTION_VERSIONS } from "./versions.js";

/** The machine configuration as a snapshot stores it (KernelConfig). */
export const ConfigSchema = t.struct({ ttys: t.uint, drives: t.uint, memoryLimit: t.uint });

/** What a whole-system snapshot holds. */
export const KERNEL_SNAPSHOT: SnapshotSpec = { config: ConfigSchema, root: KernelState, versions: KERNEL_SECTION_VERSIONS };

/**
 * The text of snapshot/schemas.lock.txt: one line per section, `name vN schema`,
 * plus the container. Any schema change shows up here; the lock test insists
 * that it comes with a version bump.
 */
export function schemaLock(): string {
  const lines = [
    `# cryobox snapshot schemas. Generated; see snapshot/versions.ts for the rules.`,
    `format v${FORMAT_VERSION} ${describeSchema(HeaderSchema)}`,
    ...specSections(KERNEL_SNAPSHOT).map((d) => `${d.name} v${d.version} ${describeSchema(d.schema)}`),
    `${PAGE_STORE} v${PAGE_STORE_VERSION} ${PAGE_STORE_LAYOUT}`,
  ];
  return lines.join("\n") + "\n";
}
