/* sys/auxv.h — the auxiliary vector: (type, value) pairs the kernel puts after envp on the
 * initial stack, ended by AT_NULL. __libc_start records where it is. */
#ifndef _SYS_AUXV_H
#define _SYS_AUXV_H
#define AT_NULL 0
#define AT_PHDR 3
#define AT_PHENT 4
#define AT_PHNUM 5
#define AT_PAGESZ 6
#define AT_ENTRY 9
#define AT_UID 11
#define AT_EUID 12
#define AT_GID 13
#define AT_EGID 14
#define AT_RANDOM 25
/* The value of the first entry of this type; 0 with errno = ENOENT when there is none (as glibc). */
unsigned long getauxval(unsigned long type);
#endif
