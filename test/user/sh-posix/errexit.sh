# set -e: a failing command ends the script, except in conditions and left of && ||
set -e
echo start
false || echo "or ok"
if false; then echo no; fi
while false; do :; done
! true
x=$(false; echo after-false-in-subst)
echo "$x"
echo before-fail
false
echo never
