docker run -d --name tapado -v /tmp:/usr nginx
echo $?
docker ps -a --format '{{.Names}} {{.Status}}'
docker logs tapado
docker run -v /tmp:/usr nginx
echo $?
docker run --name sinls -v /tmp:/usr ubuntu ls
echo $?
docker run --rm -v /tmp:/usr ubuntu /bin/ls
echo $?
docker ps -a --filter name=sinls --format '{{.Names}} {{.Status}}'
docker run --rm -v /tmp:/usr/local/bin redis
echo $?
docker run --rm -v /tmp:/usr alpine ls /home
echo $?
docker run --rm -v /tmp:/lib alpine ls
echo $?
docker run -d --name copia -v sistema:/usr nginx
docker ps --format '{{.Names}} {{.Status}}'
