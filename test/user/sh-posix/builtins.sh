# type, command -v/-V, command NAME, umask, wait (userland session)
PATH=/bin
umask 022
type ls cd export if
type nosuch; echo "type nosuch: $?"
greet() { echo "function greet $*"; }
type greet
command -v ls; command -v cd; command -v greet; command -v while
command -v nosuch; echo "command -v nosuch: $?"
command -V cat; command -V :
command -V nosuch; echo "command -V nosuch: $?"
echo() { command echo shadowed "$@"; }
echo hi
command echo not shadowed
unset -f echo 2>/dev/null || true
command false; echo "command false: $?"
command cat /nonexistent 2>/dev/null; echo "command cat: $?"
umask; umask -S
umask 027; umask
umask g+w,o=r; umask; umask -S
umask a=rx; umask
umask u=rwx,go=; umask
umask 0; umask
umask 8 2>/dev/null; echo "umask 8: $?"; umask
unset -f nosuchfunc; echo "unset -f: $?"
umask 022
: > f1; ls -l f1 | cut -c1-10
umask 077
: > f2; ls -l f2 | cut -c1-10
rm -f f1 f2
sh -c 'exit 3' & p=$!
wait $p; echo "wait pid: $?"
sh -c 'exit 5' &
wait; echo "wait all: $?"
wait 32767; echo "wait unknown: $?"
sh -c 'exit 7' & a=$!
sh -c 'exit 9' & b=$!
wait $a $b; echo "wait two: $?"
