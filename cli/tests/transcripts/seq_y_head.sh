seq 3
seq -s, 1 5
seq -w 8 11
seq 5 -2 1
seq 1 100000000 | head -n 3
echo $?
yes | head -n 2
yes hola | head -n 1
seq 1 200000 | tail -n 1
seq 1 0 3
seq x
seq 10 > n
head -c 5 n
echo
head -c -15 n
head -n -8 n
tail -n +9 n
tail -c 3 n
head -c x n
