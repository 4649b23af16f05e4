docker run -dit --name caja ubuntu bash
docker attach caja
echo hola desde la caja
^P^Q
docker ps --format '{{.Names}} {{.Status}}'
docker attach caja
exit 3
echo $?
docker attach caja
docker attach nada
docker run -it --name otra ubuntu bash
^P^Q
docker container attach --detach-keys=ctrl-x otra
^X
echo $?
docker attach --detach-keys=ctrlx otra
docker pause otra
docker attach otra
docker unpause otra
docker run -d --name web nginx
docker attach web
^C
echo $?
docker ps -a --format '{{.Names}} {{.Status}}'
docker run -d --name web2 nginx
docker attach --sig-proxy=false web2
^C
echo $?
docker ps --format '{{.Names}} {{.Status}}'
docker update web2
docker update --restart always web2 otra nada
docker inspect -f '{{.HostConfig.RestartPolicy.Name}}' web2
docker update --restart on-failure:x web2
docker update --restart nunca web2
docker run -d --rm --name temporal alpine sleep 300
docker update --restart always temporal
docker update -m 256m web2
docker update -m 256m --memory-swap 512m --cpus 1.5 web2
docker inspect -f '{{.HostConfig.Memory}} {{.HostConfig.MemorySwap}} {{.HostConfig.NanoCpus}}' web2
docker update -m 1m web2
docker update --cpus 8 web2
