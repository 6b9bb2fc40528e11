// The complete example of docs/testing.md runs as written, so the document
// cannot drift from the API: its first ```ts block is imported with the package
// names pointed at this checkout, and its tests register here.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../../state/root.js";

const root = packageRoot();
const doc = readFileSync(join(root, "docs/testing.md"), "utf8");
const block = /```ts\n([\s\S]*?)```/.exec(doc)?.[1];
if (!block) throw new Error("docs/testing.md: no ```ts example block");
const code = block
  .replace(/from "cryobox\/testing"/g, `from ${JSON.stringify(join(root, "testing/index.ts"))}`)
  .replace(/from "cryobox"/g, `from ${JSON.stringify(join(root, "index.ts"))}`);
const file = join(mkdtempSync(join(tmpdir(), "cryobox-docs-")), "example.ts");
writeFileSync(file, code);
await import(file);
