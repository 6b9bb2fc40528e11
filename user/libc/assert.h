/* assert.h — assert(): on failure prints "file:line: func: Assertion `expr' failed." and aborts
 * (glibc's wording); a no-op with NDEBUG. Deliberately without include guard (C standard). */
#undef assert
#ifdef NDEBUG
#define assert(e) ((void)0)
#else
void __assert_fail(const char *expr, const char *file, unsigned line, const char *func) __attribute__((noreturn));
#define assert(e) ((e) ? (void)0 : __assert_fail(#e, __FILE__, __LINE__, __func__))
#endif
#ifndef static_assert
#define static_assert _Static_assert
#endif
