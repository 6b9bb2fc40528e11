// Names of the control and status registers, as the RISC-V privileged spec
// (and llvm-objdump) spell them; everything else prints as a decimal number.

const NAMES = new Map<number, string>();
const NUMBERS = new Map<string, number>();

function def(num: number, name: string): void {
  NAMES.set(num, name);
  NUMBERS.set(name, num);
}
function range(base: number, prefix: string, from: number, to: number, suffix = ""): void {
  for (let i = from; i <= to; i++) def(base + i - from, `${prefix}${i}${suffix}`);
}

// Unprivileged: user trap setup (N extension), float CSRs, counters.
def(0x000, "ustatus"); def(0x001, "fflags"); def(0x002, "frm"); def(0x003, "fcsr");
def(0x004, "uie"); def(0x005, "utvec");
def(0x040, "uscratch"); def(0x041, "uepc"); def(0x042, "ucause"); def(0x043, "utval"); def(0x044, "uip");
def(0xc00, "cycle"); def(0xc01, "time"); def(0xc02, "instret");
range(0xc03, "hpmcounter", 3, 31);
def(0xc80, "cycleh"); def(0xc81, "timeh"); def(0xc82, "instreth");
range(0xc83, "hpmcounter", 3, 31, "h");
// Supervisor.
def(0x100, "sstatus"); def(0x102, "sedeleg"); def(0x103, "sideleg"); def(0x104, "sie");
def(0x105, "stvec"); def(0x106, "scounteren");
def(0x140, "sscratch"); def(0x141, "sepc"); def(0x142, "scause"); def(0x143, "stval"); def(0x144, "sip");
def(0x180, "satp");
// Machine.
def(0xf11, "mvendorid"); def(0xf12, "marchid"); def(0xf13, "mimpid"); def(0xf14, "mhartid");
def(0x300, "mstatus"); def(0x301, "misa"); def(0x302, "medeleg"); def(0x303, "mideleg");
def(0x304, "mie"); def(0x305, "mtvec"); def(0x306, "mcounteren"); def(0x310, "mstatush");
def(0x340, "mscratch"); def(0x341, "mepc"); def(0x342, "mcause"); def(0x343, "mtval"); def(0x344, "mip");
def(0x34a, "mtinst"); def(0x34b, "mtval2");
range(0x3a0, "pmpcfg", 0, 15);
range(0x3b0, "pmpaddr", 0, 63);
def(0xb00, "mcycle"); def(0xb02, "minstret");
range(0xb03, "mhpmcounter", 3, 31);
def(0xb80, "mcycleh"); def(0xb82, "minstreth");
range(0xb83, "mhpmcounter", 3, 31, "h");
def(0x320, "mcountinhibit");
range(0x323, "mhpmevent", 3, 31);
def(0x30a, "menvcfg"); def(0x31a, "menvcfgh"); def(0x747, "mseccfg"); def(0x757, "mseccfgh"); def(0xf15, "mconfigptr");
range(0x30c, "mstateen", 0, 3);
range(0x31c, "mstateen", 0, 3, "h");
range(0x723, "mhpmevent", 3, 31, "h");
// Supervisor extras (Sstc, Smstateen, Sscofpmf) and the entropy source (Zkr).
def(0x10a, "senvcfg"); range(0x10c, "sstateen", 0, 3); def(0x14d, "stimecmp"); def(0x15d, "stimecmph");
def(0xda0, "scountovf"); def(0x015, "seed");
// Vector.
def(0x008, "vstart"); def(0x009, "vxsat"); def(0x00a, "vxrm"); def(0x00f, "vcsr");
def(0xc20, "vl"); def(0xc21, "vtype"); def(0xc22, "vlenb");
// Hypervisor and virtual supervisor.
def(0x600, "hstatus"); def(0x602, "hedeleg"); def(0x603, "hideleg"); def(0x604, "hie");
def(0x605, "htimedelta"); def(0x606, "hcounteren"); def(0x607, "hgeie"); def(0x60a, "henvcfg");
range(0x60c, "hstateen", 0, 3); def(0x615, "htimedeltah"); def(0x61a, "henvcfgh");
range(0x61c, "hstateen", 0, 3, "h");
def(0x643, "htval"); def(0x644, "hip"); def(0x645, "hvip"); def(0x64a, "htinst"); def(0x680, "hgatp");
def(0x6a8, "hcontext"); def(0xe12, "hgeip");
def(0x200, "vsstatus"); def(0x204, "vsie"); def(0x205, "vstvec"); def(0x240, "vsscratch"); def(0x241, "vsepc");
def(0x242, "vscause"); def(0x243, "vstval"); def(0x244, "vsip"); def(0x24d, "vstimecmp"); def(0x25d, "vstimecmph");
def(0x280, "vsatp");
// Debug/trace.
def(0x5a8, "scontext");
def(0x7a0, "tselect"); def(0x7a1, "tdata1"); def(0x7a2, "tdata2"); def(0x7a3, "tdata3"); def(0x7a8, "mcontext");
def(0x7b0, "dcsr"); def(0x7b1, "dpc"); def(0x7b2, "dscratch0"); def(0x7b3, "dscratch1");

// Older spellings the assembler still accepts (never printed).
for (const [name, num] of [["ubadaddr", 0x043], ["sbadaddr", 0x143], ["mbadaddr", 0x343], ["sptbr", 0x180],
  ["mucounteren", 0x320], ["dscratch", 0x7b2]] as const) NUMBERS.set(name, num);

/** Name of CSR `num`, or its decimal number when it has no name we know. */
export function csrName(num: number): string {
  return NAMES.get(num) ?? String(num);
}

/** CSR number for a name (case-insensitive), or undefined. */
export function csrNumber(name: string): number | undefined {
  return NUMBERS.get(name.toLowerCase());
}
