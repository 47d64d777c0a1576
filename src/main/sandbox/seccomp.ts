// A seccomp filter for bubblewrap's --seccomp: classic BPF, built here because the only other
// source would be a native libseccomp binding. Pure, so its bytes are unit-tested.
//
// Why these calls: inside the sandbox the command shares its uid with bubblewrap's init (pid 1 of
// the namespace), so without a filter it can ptrace init and clear the "die with parent" signal
// that ends the sandbox with Weft (found in review: a command then outlives Weft); it could also
// read or plant keys in the kernel keyring, which namespaces do not separate, or build new
// namespaces and mounts. Nothing a build or a test needs.

/** Syscall numbers denied with EPERM, per architecture (from the kernel's unistd tables). */
const denied: Record<'x64' | 'arm64', Record<string, number>> = {
  x64: {
    ptrace: 101,
    process_vm_readv: 310,
    process_vm_writev: 311,
    pidfd_getfd: 438,
    kcmp: 312,
    keyctl: 250,
    add_key: 248,
    request_key: 249,
    bpf: 321,
    perf_event_open: 298,
    userfaultfd: 323,
    mount: 165,
    umount2: 166,
    pivot_root: 155,
    unshare: 272,
    setns: 308,
    open_tree: 428,
    move_mount: 429,
    fsopen: 430,
    fsconfig: 431,
    fsmount: 432,
    fspick: 433,
    kexec_load: 246,
    kexec_file_load: 320,
    init_module: 175,
    finit_module: 313,
    delete_module: 176,
    acct: 163,
    swapon: 167,
    swapoff: 168,
    reboot: 169,
    iopl: 172,
    ioperm: 173,
  },
  arm64: {
    ptrace: 117,
    process_vm_readv: 270,
    process_vm_writev: 271,
    pidfd_getfd: 438,
    kcmp: 272,
    keyctl: 219,
    add_key: 217,
    request_key: 218,
    bpf: 280,
    perf_event_open: 241,
    userfaultfd: 282,
    mount: 40,
    umount2: 39,
    pivot_root: 41,
    unshare: 97,
    setns: 268,
    open_tree: 428,
    move_mount: 429,
    fsopen: 430,
    fsconfig: 431,
    fsmount: 432,
    fspick: 433,
    kexec_load: 104,
    kexec_file_load: 294,
    init_module: 105,
    finit_module: 273,
    delete_module: 106,
    acct: 89,
    swapon: 224,
    swapoff: 225,
    reboot: 142,
  },
};

const AUDIT_ARCH = { x64: 0xc000003e, arm64: 0xc00000b7 } as const;
/** x32 syscalls on x86_64 carry this bit; they would reach the same calls under other numbers. */
const X32_SYSCALL_BIT = 0x40000000;

const BPF_LD_W_ABS = 0x20;
const BPF_JEQ_K = 0x15;
const BPF_JGE_K = 0x35;
const BPF_RET_K = 0x06;
const SECCOMP_RET_ALLOW = 0x7fff0000;
const SECCOMP_RET_ERRNO = 0x00050000;
const SECCOMP_RET_KILL_PROCESS = 0x80000000;
const EPERM = 1;

/** The architectures a filter can be built for. */
export function seccompArch(arch: string): 'x64' | 'arm64' | null {
  return arch === 'x64' || arch === 'arm64' ? arch : null;
}

/** The names of the calls the filter denies on `arch`. */
export function deniedSyscalls(arch: 'x64' | 'arm64'): string[] {
  return Object.keys(denied[arch]);
}

/**
 * The filter as bwrap reads it: an array of `struct sock_filter` (u16 code, u8 jt, u8 jf, u32 k,
 * little-endian). A call of another architecture (32-bit compat, x32) kills the process: its
 * numbers differ, so a deny list by number would not hold for it.
 */
export function seccompFilter(arch: 'x64' | 'arm64'): Buffer {
  const numbers = Object.values(denied[arch]);
  type Insn = [code: number, jt: number, jf: number, k: number];
  const body: Insn[] = [];
  // The checks, then [allow, deny]; a jump counts the instructions it skips, so from check `at`
  // the deny instruction is (checks - at) ahead.
  const checks = (arch === 'x64' ? 1 : 0) + numbers.length;
  body.push([BPF_LD_W_ABS, 0, 0, 4]); // seccomp_data.arch
  body.push([BPF_JEQ_K, 1, 0, AUDIT_ARCH[arch]]);
  body.push([BPF_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS]);
  body.push([BPF_LD_W_ABS, 0, 0, 0]); // seccomp_data.nr
  let index = 0;
  const toDeny = (at: number) => checks - at;
  if (arch === 'x64') {
    body.push([BPF_JGE_K, toDeny(index), 0, X32_SYSCALL_BIT]);
    index++;
  }
  for (const nr of numbers) {
    body.push([BPF_JEQ_K, toDeny(index), 0, nr]);
    index++;
  }
  body.push([BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW]);
  body.push([BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | EPERM]);
  const out = Buffer.alloc(body.length * 8);
  body.forEach(([code, jt, jf, k], i) => {
    out.writeUInt16LE(code, i * 8);
    out.writeUInt8(jt, i * 8 + 2);
    out.writeUInt8(jf, i * 8 + 3);
    out.writeUInt32LE(k >>> 0, i * 8 + 4);
  });
  return out;
}
