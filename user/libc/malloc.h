/* malloc.h — the allocator's extras beyond stdlib.h, as glibc's <malloc.h> names them. */
#ifndef _MALLOC_H
#define _MALLOC_H
#include <stdlib.h>
/* memalign: align rounded up to a power of two; valloc: page aligned. */
void *memalign(size_t align, size_t n);
void *valloc(size_t n);
/* The bytes p may really use (at least what was asked); 0 for NULL. */
size_t malloc_usable_size(void *p);
/* Gives the free top of the heap back to the kernel, keeping pad bytes; 1 if the break moved. */
int malloc_trim(size_t pad);
#endif
