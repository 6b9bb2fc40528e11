# libc.mk — how a program is compiled against this libc and linked with it, shared by
# user/Makefile and user/tests/Makefile. Before including it, set LIBC (the path of this
# directory) and OBJ (where objects go; libc's own go to $(OBJ)/libc). Provides CFLAGS, LDFLAGS,
# LIBC_OBJ, the rules that build LIBC_OBJ, and $(call link,OBJECTS) for a program's recipe.
CC = clang
CFLAGS = --target=riscv32-unknown-elf -march=rv32im -mabi=ilp32 -mno-relax -ffreestanding \
  -fno-builtin -nostdinc -isystem $(LIBC) -isystem $(shell $(CC) -print-resource-dir)/include \
  -O2 -Wall -Wextra -Wno-unused-parameter -fno-ident -ffunction-sections -fdata-sections \
  -fno-asynchronous-unwind-tables -fno-unwind-tables
# lld's default layout (read-only data, code and data in three segments at 0x10000); a Makefile
# may add layout options to LDFLAGS after including this file.
LDFLAGS = --target=riscv32-unknown-elf -march=rv32im -mabi=ilp32 -static -nostdlib -fuse-ld=lld \
  -Wl,--build-id=none -Wl,--gc-sections -Wl,-z,norelro

LIBC_HDR = $(wildcard $(LIBC)/*.h $(LIBC)/sys/*.h)
LIBC_SRC = $(wildcard $(LIBC)/*.c)
LIBC_OBJ = $(patsubst $(LIBC)/%.c,$(OBJ)/libc/%.o,$(LIBC_SRC)) $(OBJ)/libc/crt0.o $(OBJ)/libc/setjmp.o

$(OBJ)/libc/%.o: $(LIBC)/%.c $(LIBC_HDR)
	@mkdir -p $(OBJ)/libc
	$(CC) $(CFLAGS) -c $< -o $@

$(OBJ)/libc/%.o: $(LIBC)/%.S
	@mkdir -p $(OBJ)/libc
	$(CC) $(CFLAGS) -c $< -o $@

# crt0 first (so _start leads the text), the program's objects, then the rest of libc.
link = $(CC) $(LDFLAGS) $(OBJ)/libc/crt0.o $(1) $(filter-out $(OBJ)/libc/crt0.o,$(LIBC_OBJ)) -o $@
