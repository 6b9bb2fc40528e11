i=0
while [ $i -lt 3 ]; do i=$((i+1)); echo "i=$i"; done
echo $(( 2 + 3 * 4 )) $(( (2+3)*4 )) $(( 7 / 2 )) $(( 7 % 3 )) $(( 1 << 4 )) $(( 5 > 3 && 2 > 1 )) $(( 0 ? 1 : 2 ))
x=5; : $(( x += 10 )); echo $x
echo "sub: $(echo hello | wc -c) `echo back`"
n=$(echo a b c | wc -w); echo "words: $n"
( cd /tmp; echo "in subshell" ); echo after
{ echo group1; echo group2; } | cat
f() { echo "f got $# args: $1 $2"; return 3; }
f one two; echo "status $?"
case hello in h*) echo matched h;; *) echo other;; esac
case x.c in *.h|*.c) echo source;; esac
case "a b" in "a b") echo quoted;; esac
cat <<END
here $x
  doc $(echo sub)
END
cat <<'END'
raw $x
END
set -- p q r; echo "$#: $1 $2 $3"; shift; echo "$#: $1 $2"
for a in "$@"; do echo "arg [$a]"; done
echo "${unset:-default} ${x:+set} ${#x}"
v=hello.tar.gz; echo ${v%.gz} ${v%%.*} ${v#*.} ${v##*.}
! false && echo negated
g() { local_var=1; echo in g; }; g
echo $(( 10 / 3 ))
sum() { s=0; for n in "$@"; do s=$((s+n)); done; echo $s; }; sum 1 2 3 4
eval 'echo evaluated $x'
while getopts ab:c opt -a -b val -c; do echo "opt $opt ${OPTARG:-}"; done
trap "echo bye" EXIT
echo end
