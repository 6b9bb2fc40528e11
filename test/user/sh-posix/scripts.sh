# functions, recursion, here-documents, fds, read loops, positional parameters, getopts, traps
fact() { if [ $1 -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(( $1 - 1 ))) )); fi; }
fact 6
cat <<-EOF2
	indented
	  more
	EOF2
exec 3>fd3.txt
echo to-fd3 >&3
exec 3>&-
cat fd3.txt
ls /nonexistent 2>/dev/null || echo "ls failed"
out=$(echo o; echo e >&2) 2>/dev/null; echo "[$out]"
count() { n=0; while read line; do n=$((n+1)); done; echo $n; }
( echo a; echo b; echo c ) | count
echo $((0x10 + 010)) "$(( -5 / 2 )) $(( -5 % 2 ))"
t=hello; t="${t}world"; echo $t
unset t; echo "[${t-unset}]"
set -- "a b" c
echo $#
for x; do echo "<$x>"; done
echo "$*"
x="a   b  c"; for w in $x; do echo "[$w]"; done
echo '$x' "\$x" \$x
y=$( echo "  spaced  " ); echo "[$y]"
echo $( ( echo nested; echo sub ) | wc -l )
z=0; while [ $z -lt 5 ]; do z=$((z+1)); [ $z -eq 3 ] && continue; [ $z -eq 5 ] && break; echo z$z; done
case 5 in [0-9]) echo digit;; esac
case b in [!a]) echo not-a;; esac
echo `echo \`echo deep\``
usage() { while getopts "vn:" o; do case $o in v) echo verbose;; n) echo "n=$OPTARG";; *) return 2;; esac; done; shift $((OPTIND - 1)); echo "rest: $*"; }
usage -v -n 3 file1 file2
trap 'echo caught; exit 9' TERM
kill -TERM $$
echo not reached
