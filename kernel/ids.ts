// Id allocation for the kernel's tables (inodes, pipes): the next free id after
// a counter, wrapping at 2^32 − 1 back to the lowest id and skipping ids in
// use, as Linux's idr/pid allocators do. A counter is never left at 2^32 (which
// no u32 field can hold: the machine's next checkpoint would fail), and a
// restored counter below ids in use cannot make an allocation overwrite one.
// Each table is bounded (NINODE, NPIPE), far below 2^32, so a free id exists.

const ID_MAX = 0xffffffff;

/** The first id ≥ `next` (or from `min`, after wrapping) not in `used`, and the counter to store after it. */
export function nextFreeId(next: number, min: number, used: { has(id: number): boolean }): { id: number; next: number } {
  let id = next < min || next > ID_MAX ? min : next;
  while (used.has(id)) id = id >= ID_MAX ? min : id + 1;
  return { id, next: id >= ID_MAX ? min : id + 1 };
}
