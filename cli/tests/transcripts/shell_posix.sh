for i in 1 2 3; do echo "vuelta $i"; done
for f in uno dos
do
  echo "$f"
done
n=3; while [ $n -gt 0 ]; do echo "quedan $n"; n=$((n - 1)); done
until [ $n -ge 2 ]; do n=$((n + 1)); done; echo $n
for i in 1 2 3 4 5; do if [ $i -eq 2 ]; then continue; elif [ $i -eq 4 ]; then break; fi; echo $i; done
for ext in txt md log; do case "informe.$ext" in *.txt|*.md) echo "texto: $ext";; *) echo "otro: $ext";; esac; done
saluda() { echo "hola $1 ($# argumentos)"; return 7; }
saluda mundo extra; echo "estado $?"
cuenta() { local i=0; while [ $i -lt $1 ]; do i=$((i + 1)); done; echo $i; }; cuenta 4
echo $((2 + 3 * 4)) $(( (2 + 3) * 4 )) $((17 % 5)) $((-7 / 2)) $((3 > 2 && 1))
echo $((10/0)); echo no se ve
echo $?
cat <<EOF
usuario: $USER
suma: $((1 + 1))
EOF
cat <<'EOF'
literal: $USER
EOF
{ echo a; echo b; } | wc -l
printf 'uno 1\ndos 2\n' > datos
while read nombre n; do echo "$n: $nombre"; done < datos
(cd /tmp; pwd); pwd
for i in 1 2; do done
bash -c 'if true; then echo x'
bash -c 'set -e; echo antes; false; echo despues'; echo $?
sh -c 'for i in; do :; done'
sh -c 'trap "echo adios" EXIT; echo hola; exit 3'; echo $?
while true; do echo tic; sleep 1; done
echo $?
while true; do :; done
echo $?
docker run -d --name reintentos --restart on-failure:3 alpine sh -c 'for i in 1 2 3; do echo "intento $i"; sleep 1; done; exit 1'
sleep 30
docker ps -a
docker logs reintentos
docker run --rm alpine sh -c 'for i in 1 2; do echo "ash $i"; done; echo $((6 * 7))'
docker run -d --name trampa alpine sh -c 'trap "echo TERM recibido; exit 0" TERM; while true; do sleep 1; done'
docker stop trampa
docker logs trampa
docker run --rm alpine sh -c 'for i in; do done'
docker run --rm alpine sh -c 'echo $((1 / 0)); echo no se ve'
docker run -it --rm alpine sh
for i in a b; do echo "$i"; done
f() { echo "en ash: $1"; }; f x
for i in 1; do done
echo $((5 / 0))
while true; do echo tac; sleep 1; done
exit
